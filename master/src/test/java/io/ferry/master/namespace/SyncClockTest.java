package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncClockTest {
  private long nowMs = 1_000;
  private final SyncClock clock = new SyncClock(() -> nowMs);

  @Test
  void aListingStartedInTheMillisecondOfAStampIsAfterIt() {
    long stamp = clock.stampMs();

    assertThat(clock.listingStartMs()).isGreaterThan(stamp);
  }

  @Test
  void aStampGivenAfterAListingStartIsNotBeforeIt() {
    long start = clock.listingStartMs();
    clock.listingStartMs();

    assertThat(clock.stampMs()).isGreaterThanOrEqualTo(start);
  }

  @Test
  void stampsFollowTheClockWhenItMovesOn() {
    clock.listingStartMs();
    nowMs = 5_000;

    assertThat(clock.stampMs()).isEqualTo(5_000);
  }

  @Test
  void stampsNeverGoBackwards() {
    long before = clock.stampMs();
    nowMs = 10;

    assertThat(clock.stampMs()).isEqualTo(before);
  }
}
