package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.cli.bench.RandomRanges.Range;
import io.ferry.client.PathStatus;
import io.ferry.common.error.FerryException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RandomRangesTest {
  private static PathStatus file(String name, long length) {
    return new PathStatus(1, "/d/" + name, name, false, length, 1 << 20, 0, "u", "g", 0644, "file:///u/" + name, 1,
        "fp", true, true, 1, false, 0, Optional.empty(), false, List.of(), "");
  }

  @Test
  void everyRangeLiesWithinAFileAtLeastAsLongAsTheRead() throws FerryException {
    List<PathStatus> files = List.of(file("short", 100), file("a", 1_000_000), file("b", 300_000));

    List<Range> ranges = RandomRanges.of(files, 500, 65536, 3);

    assertThat(ranges).hasSize(500).allSatisfy(r -> {
      assertThat(r.file().name()).isNotEqualTo("short");
      assertThat(r.offset()).isBetween(0L, r.file().length() - 65536);
      assertThat(r.size()).isEqualTo(65536);
    });
    assertThat(ranges).extracting(r -> r.file().name()).contains("a", "b");
  }

  @Test
  void theSameSeedGivesTheSameRanges() throws FerryException {
    List<PathStatus> files = List.of(file("a", 1_000_000));

    assertThat(RandomRanges.of(files, 20, 4096, 9)).isEqualTo(RandomRanges.of(files, 20, 4096, 9));
  }

  @Test
  void noFileAsLongAsTheReadIsRefused() {
    assertThatThrownBy(() -> RandomRanges.of(List.of(file("short", 100)), 1, 65536, 1))
        .isInstanceOf(FerryException.class).hasMessage("No file of at least 65536 bytes to read ranges of");
  }
}
