package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.PathStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private static PathStatus status(boolean directory, long length, long cachedBytes, String owner, String group) {
    return new PathStatus(7, "/d/f", "f", directory, length, 1024, 1_700_000_000_000L, owner, group,
        directory ? 0755 : 0640, "file:///u/d/f", 1, "", true, true, 1, false, cachedBytes, Optional.empty(), false, List.of(),
        "");
  }

  private static String lsLine(PathStatus f, String name) {
    StringBuilder line = new StringBuilder();
    Formats.appendLsLine(line, f, name);
    return line.toString();
  }

  /** The columns of {@code ls -l}: widths as {@code "%s %-10s %-10s %14d %4s %s %s"} gives them. */
  @Test
  void lsLineAlignsItsColumns() {
    PathStatus f = status(false, 1234, 617, "alice", "staff");
    assertThat(lsLine(f, "f")).isEqualTo(String.format(Locale.ROOT, "%s %-10s %-10s %14d %4s %s %s%n",
        "-rw-r-----", "alice", "staff", 1234L, "50%", Formats.time(f.mtimeMs()), "f").replace(System.lineSeparator(), "\n"));
  }

  @Test
  void timesInOneSecondShowTheSameTextAndTheNextSecondAnother() {
    String second = Formats.time(1_700_000_000_999L);

    assertThat(Formats.time(1_700_000_000_000L)).isEqualTo(second);
    assertThat(Formats.time(1_700_000_001_000L)).isNotEqualTo(second).endsWith(":21");
  }

  @Test
  void aTimeJustBeforeTheEpochShowsTheSecondBeforeIt() {
    assertThat(Formats.time(-1L)).isEqualTo(Formats.time(-1000L)).isNotEqualTo(Formats.time(0L)).endsWith(":59");
  }

  @Test
  void lsLineKeepsNamesLongerThanTheirColumnWhole() {
    assertThat(lsLine(status(false, 12_345_678_901_234_567L, 0, "a-very-long-owner", "g"), "f"))
        .startsWith("-rw-r----- a-very-long-owner g          12345678901234567   0% ");
  }

  @Test
  void lsLineShowsNoCachedShareForADirectory() {
    assertThat(lsLine(status(true, 0, 0, "root", "root"), "/d/"))
        .startsWith("drwxr-xr-x root       root                    0    - ").endsWith(" /d/\n");
  }

  @Test
  void aFewCachedPagesOfALargeFileShowAsLessThanOnePercentNotZero() {
    PathStatus f = status(false, 100L << 20, 64 << 10, "alice", "staff");

    assertThat(Formats.cachedPercent(f)).isEqualTo("<1%");
    assertThat(Formats.cachedPercentTenths(f)).isEqualTo("<0.1%");
  }

  @Test
  void aCachedShareIsRoundedDownToATenthOfAPercent() {
    assertThat(Formats.cachedPercentTenths(status(false, 1000, 999, "a", "g"))).isEqualTo("99.9%");
    assertThat(Formats.cachedPercentTenths(status(false, 1000, 1000, "a", "g"))).isEqualTo("100.0%");
    assertThat(Formats.cachedPercentTenths(status(false, 1000, 0, "a", "g"))).isEqualTo("0.0%");
  }
}
