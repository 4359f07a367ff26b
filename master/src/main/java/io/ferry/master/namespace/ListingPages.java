package io.ferry.master.namespace;

import io.ferry.proto.FileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Hands a listing's entries on in pages of the size the client asked for, whatever size they come in. */
final class ListingPages {
  private final int pageSize;
  private final Consumer<List<FileInfo>> pages;
  private List<FileInfo> page = new ArrayList<>();

  ListingPages(int pageSize, Consumer<List<FileInfo>> pages) {
    this.pageSize = pageSize;
    this.pages = pages;
  }

  void add(List<FileInfo> entries) {
    for (FileInfo entry : entries) {
      page.add(entry);
      if (page.size() == pageSize) {
        pages.accept(page);
        page = new ArrayList<>();
      }
    }
  }

  /** Hands on the last, partial page. */
  void flush() {
    if (!page.isEmpty()) {
      pages.accept(page);
      page = new ArrayList<>();
    }
  }
}
