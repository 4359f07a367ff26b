package io.ferry.master.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.grpc.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MutationsInFlightTest {
  private final MutationsInFlight mutations = new MutationsInFlight();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch firstStarted = new CountDownLatch(1);
  private final CountDownLatch firstMayEnd = new CountDownLatch(1);
  private final List<String> runs = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    firstMayEnd.countDown();
    scheduler.shutdownNow();
  }

  /** The first attempt of request "r1", running until the test lets it end. */
  private CompletableFuture<String> firstAttempt() throws InterruptedException {
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        return mutations.run("r1", () -> {
          runs.add("first");
          firstStarted.countDown();
          firstMayEnd.await();
          return "first answer";
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    firstStarted.await();
    return first;
  }

  @Test
  void aRetryWaitsForTheFirstAttemptThenRuns() throws Exception {
    CompletableFuture<String> first = firstAttempt();
    CompletableFuture<String> retry = CompletableFuture.supplyAsync(() -> {
      try {
        return mutations.run("r1", () -> {
          runs.add("retry");
          return "retry answer";
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(200);
    assertThat(runs).containsExactly("first");

    firstMayEnd.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first answer");
    assertThat(retry.get(5, TimeUnit.SECONDS)).isEqualTo("retry answer");
    assertThat(runs).containsExactly("first", "retry");
  }

  @Test
  void aRetryThatWouldOutwaitItsDeadlineAnswersInProgressWithoutRunning() throws Exception {
    firstAttempt();
    Context.CancellableContext call = Context.current().withDeadlineAfter(300, TimeUnit.MILLISECONDS, scheduler);

    assertThatThrownBy(() -> call.call(() -> mutations.run("r1", () -> runs.add("retry"))))
        .isInstanceOf(FerryException.class).hasMessageContaining("r1")
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.IN_PROGRESS);
    assertThat(runs).containsExactly("first");
  }

  @Test
  void otherRequestsDoNotWait() throws Exception {
    firstAttempt();

    assertThat(mutations.run("r2", () -> "r2 answer")).isEqualTo("r2 answer");
    assertThat(mutations.run("", () -> "no id answer")).isEqualTo("no id answer");
  }
}
