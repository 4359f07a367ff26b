package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.proto.FileInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingPagesTest {
  private final List<List<String>> pages = new ArrayList<>();
  private final ListingPages out = new ListingPages(3, page -> pages.add(page.stream().map(FileInfo::getName).toList()));

  @Test
  void handsOnEntriesInPagesOfTheAskedSizeWhateverSizeTheyComeIn() {
    out.add(entries("a", "b"));
    out.add(entries("c", "d", "e", "f", "g"));
    out.flush();

    assertThat(pages).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g"));
  }

  @Test
  void handsOnNoEmptyPage() {
    out.add(entries("a", "b", "c"));
    out.add(List.of());
    out.flush();

    assertThat(pages).containsExactly(List.of("a", "b", "c"));
  }

  private static List<FileInfo> entries(String... names) {
    return Arrays.stream(names).map(n -> FileInfo.newBuilder().setName(n).build()).toList();
  }
}
