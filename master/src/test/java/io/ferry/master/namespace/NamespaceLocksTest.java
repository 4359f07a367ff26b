package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NamespaceLocksTest {
  private static final Duration NO_DEADLOCK = Duration.ofSeconds(10);

  /** Whether another thread could take {@code paths} now. */
  private static boolean freeForOthers(NamespaceLocks locks, LockSet paths) {
    return CompletableFuture.supplyAsync(() -> {
      var held = locks.tryLock(paths);
      held.ifPresent(NamespaceLocks.Held::close);
      return held.isPresent();
    }).join();
  }

  @Test
  void aWriteLockedDirectoryKeepsOthersOutOfEveryPathBelowIt() {
    NamespaceLocks locks = new NamespaceLocks(4096);
    try (NamespaceLocks.Held held = locks.lock(LockSet.writing("/a"))) {
      assertThat(freeForOthers(locks, LockSet.reading("/a/b/c"))).isFalse();
      assertThat(freeForOthers(locks, LockSet.reading("/a"))).isFalse();
    }
    assertThat(freeForOthers(locks, LockSet.reading("/a/b/c"))).isTrue();
  }

  @Test
  void siblingsAreWrittenAtOnceAndTheirParentIsReadMeanwhile() {
    NamespaceLocks locks = new NamespaceLocks(4096);
    try (NamespaceLocks.Held held = locks.lock(LockSet.writing("/dir/x"))) {
      assertThat(freeForOthers(locks, LockSet.writing("/dir/y"))).isTrue();
      assertThat(freeForOthers(locks, LockSet.reading("/dir"))).isTrue();
      assertThat(freeForOthers(locks, LockSet.writing("/dir"))).isFalse();
    }
  }

  @Test
  void pathsSharingOneStripeAreTakenOnceInTheStrongestMode() {
    NamespaceLocks oneStripe = new NamespaceLocks(1);
    assertTimeoutPreemptively(NO_DEADLOCK, () -> {
      try (NamespaceLocks.Held held = oneStripe.lock(LockSet.writing("/a/b", "/c").alsoWriting("/a"))) {
        assertThat(freeForOthers(oneStripe, LockSet.reading("/unrelated"))).isFalse();
      }
    });
  }

  @Test
  void aFailedTryLockHoldsNothing() {
    NamespaceLocks oneStripe = new NamespaceLocks(1);
    try (NamespaceLocks.Held reader = oneStripe.lock(LockSet.reading("/x"))) {
      assertThat(freeForOthers(oneStripe, LockSet.writing("/y"))).isFalse();
    }
    assertTimeoutPreemptively(NO_DEADLOCK, () -> oneStripe.lockExclusive().close());
  }

  @Test
  void theExclusiveLockKeepsEveryPathOut() {
    NamespaceLocks locks = new NamespaceLocks(4096);
    try (NamespaceLocks.Held held = locks.lockExclusive()) {
      assertThat(freeForOthers(locks, LockSet.reading("/"))).isFalse();
    }
    assertThat(freeForOthers(locks, LockSet.reading("/"))).isTrue();
  }
}
