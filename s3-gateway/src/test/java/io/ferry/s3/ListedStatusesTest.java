package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.PathStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListedStatusesTest {
  private final ListedStatuses listed = new ListedStatuses(Duration.ofMinutes(1));

  @Test
  void listedFileIsAnsweredFromItsListing() {
    PathStatus file = status("/b/k", false);
    listed.put(file);

    assertThat(listed.get("/b/k")).containsSame(file);
  }

  @Test
  void directoriesAreNotKept() {
    listed.put(status("/b/dir", true));

    assertThat(listed.get("/b/dir")).isEmpty();
  }

  @Test
  void forgettingAKeyLeavesItsNeighbours() {
    listed.put(status("/b/k", false));
    listed.put(status("/b/k2", false));

    listed.forget("/b/k");

    assertThat(listed.get("/b/k")).isEmpty();
    assertThat(listed.get("/b/k2")).isPresent();
  }

  @Test
  void forgettingBelowADirectoryForgetsOnlyWhatIsBelowIt() {
    listed.put(status("/b/d/k", false));
    listed.put(status("/b/dk", false));

    listed.forgetBelow("/b/d");

    assertThat(listed.get("/b/d/k")).isEmpty();
    assertThat(listed.get("/b/dk")).isPresent();
  }

  @Test
  void zeroTtlKeepsNothing() {
    ListedStatuses off = new ListedStatuses(Duration.ZERO);
    off.put(status("/b/k", false));

    assertThat(off.get("/b/k")).isEmpty();
  }

  private static PathStatus status(String path, boolean directory) {
    return new PathStatus(1, path, path.substring(path.lastIndexOf('/') + 1), directory, 10, 1 << 20, 0, "u", "g",
        0644, "file:///ufs" + path, 1, "fp", true, true, 1, false, 0, Optional.empty(), false, List.of(), "");
  }
}
