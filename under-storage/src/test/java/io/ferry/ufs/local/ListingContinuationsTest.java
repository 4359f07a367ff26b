package io.ferry.ufs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingContinuationsTest {
  private final ListingContinuations<List<String>> continuations = new ListingContinuations<>();
  private final Path dir = Path.of("/data/big");

  @Test
  void theNamesLeftAfterAPageAreTakenOnceByTheNextPage() {
    continuations.put(dir, "b", List.of("c", "d"));

    assertThat(continuations.take(dir, "b")).contains(List.of("c", "d"));
    assertThat(continuations.take(dir, "b")).isEmpty();
  }

  @Test
  void anotherDirectoryOrTokenFindsNothing() {
    continuations.put(dir, "b", List.of("c"));

    assertThat(continuations.take(Path.of("/data/other"), "b")).isEmpty();
    assertThat(continuations.take(dir, "a")).isEmpty();
  }

  @Test
  void onlyTheMostRecentListingsAreKept() {
    for (int i = 0; i <= ListingContinuations.MAX_LISTINGS; i++) {
      continuations.put(dir, "token-" + i, List.of("x"));
    }

    assertThat(continuations.take(dir, "token-0")).isEmpty();
    assertThat(continuations.take(dir, "token-" + ListingContinuations.MAX_LISTINGS)).isPresent();
  }
}
