package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameRangeTest {
  private static final String PAST_BMP = "\uD83D\uDE00"; // U+1F600: UTF-16 sorts it below U+FFFD, UTF-8 above

  @Test
  void holdsTheNamesAfterItsStartUpToAndIncludingItsEnd() {
    NameRange range = new NameRange("b", "d");

    assertThat(range.contains("b")).isFalse();
    assertThat(range.contains("c")).isTrue();
    assertThat(range.contains("d")).isTrue();
    assertThat(range.contains("da")).isFalse();
  }

  @Test
  void withoutAnEndHoldsEveryNameAfterItsStart() {
    assertThat(new NameRange("b", null).contains("zzz")).isTrue();
    assertThat(NameRange.ALL.contains("a")).isTrue();
  }

  @Test
  void ordersNamesAsTheMetastoreDoesByCodePoint() {
    assertThat(NameRange.compare(PAST_BMP, "\uFFFD")).isPositive();
    assertThat(new NameRange("a", "\uFFFD").contains(PAST_BMP)).isFalse();
  }
}
