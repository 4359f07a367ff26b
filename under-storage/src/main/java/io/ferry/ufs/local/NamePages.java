package io.ferry.ufs.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The names of one directory listing, handed out a page at a time in ascending order. The first
 * page is selected (the smallest names, one pass) rather than sorted out of the whole directory, and
 * the rest is sorted once, when its first page is asked for: a paged listing asks for its next page
 * while it uses the first, so the client of a directory of 100,000 names no longer waits for their
 * sort before its first page. Not thread-safe: one listing at a time owns it.
 */
final class NamePages {
  private List<String> names;
  private boolean firstSelected;
  private boolean sorted;
  private int next;

  /** The names, in any order, without duplicates. */
  NamePages(List<String> names) {
    this.names = names;
  }

  /** The next (up to) {@code size} names, ascending. */
  List<String> nextPage(int size) {
    if (!sorted) {
      if (!firstSelected && names.size() > size) {
        firstSelected = true;
        return selectFirst(size);
      }
      names.sort(null);
      sorted = true;
    }
    int end = Math.min(next + size, names.size());
    List<String> page = names.subList(next, end);
    next = end;
    return page;
  }

  boolean isEmpty() {
    return next == names.size();
  }

  /** Takes the {@code size} smallest names out, leaving the rest unsorted. */
  private List<String> selectFirst(int size) {
    PriorityQueue<String> largestFirst = new PriorityQueue<>(size, Collections.reverseOrder());
    for (String name : names) {
      if (largestFirst.size() < size) {
        largestFirst.add(name);
      } else if (name.compareTo(largestFirst.peek()) < 0) {
        largestFirst.poll();
        largestFirst.add(name);
      }
    }
    List<String> page = new ArrayList<>(largestFirst);
    page.sort(null);
    String last = page.get(page.size() - 1);
    List<String> rest = new ArrayList<>(names.size() - size);
    for (String name : names) {
      if (name.compareTo(last) > 0) {
        rest.add(name);
      }
    }
    names = rest;
    return page;
  }
}
