package io.ferry.ufs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamePagesTest {
  @Test
  void pagesHandOutEveryNameOnceInAscendingOrder() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      names.add("file-" + i);
    }
    List<String> expected = new ArrayList<>(names);
    expected.sort(null);
    Collections.shuffle(names, new Random(7));
    NamePages pages = new NamePages(names);

    List<String> listed = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    while (!pages.isEmpty()) {
      List<String> page = pages.nextPage(1000);
      sizes.add(page.size());
      listed.addAll(page);
    }

    assertThat(sizes).containsExactly(1000, 1000, 500);
    assertThat(listed).isEqualTo(expected);
  }

  @Test
  void aDirectoryOfOnePageIsSortedInOnePage() {
    NamePages pages = new NamePages(new ArrayList<>(List.of("c", "a", "b")));

    assertThat(pages.nextPage(3)).containsExactly("a", "b", "c");
    assertThat(pages.isEmpty()).isTrue();
  }

  @Test
  void anEmptyDirectoryHasNoPages() {
    NamePages pages = new NamePages(new ArrayList<>());

    assertThat(pages.isEmpty()).isTrue();
    assertThat(pages.nextPage(10)).isEmpty();
  }
}
