package io.ferry.master.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerMetrics;
import io.ferry.proto.web.ReadSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadHistoryTest {
  private final List<WorkerInfo> live = new ArrayList<>();
  private long nowMs = 1_000;
  private final ReadHistory history = new ReadHistory(() -> List.copyOf(live), () -> nowMs, 3);

  private void worker(long id, long served, long ufs) {
    live.removeIf(w -> w.getAddress().getWorkerId() == id);
    live.add(WorkerInfo.newBuilder().setAddress(WorkerAddress.newBuilder().setWorkerId(id))
        .setMetrics(WorkerMetrics.newBuilder().setBytesServed(served).setUfsBytesRead(ufs)).build());
  }

  private ReadSample last() {
    List<ReadSample> samples = history.samples();
    return samples.get(samples.size() - 1);
  }

  @Test
  void aSampleHoldsWhatTheWorkersReadSinceThePreviousOne() {
    worker(1, 100, 40);
    worker(2, 10, 0);
    history.sample();
    worker(1, 160, 50);
    worker(2, 30, 5);
    nowMs = 11_000;

    history.sample();

    assertThat(last().getBytesServed()).isEqualTo(80);
    assertThat(last().getUfsBytesRead()).isEqualTo(15);
    assertThat(last().getTimeMs()).isEqualTo(11_000);
  }

  @Test
  void aWorkerSeenForTheFirstTimeCountsFromItsFirstSample() {
    history.sample();
    worker(1, 500, 0);

    history.sample();

    assertThat(last().getBytesServed()).isZero();
  }

  @Test
  void aRestartedWorkerCountsFromZero() {
    worker(1, 1000, 0);
    history.sample();
    worker(1, 30, 0);

    history.sample();

    assertThat(last().getBytesServed()).isEqualTo(30);
  }

  @Test
  void onlyTheLastSamplesAreKept() {
    for (int i = 0; i < 5; i++) {
      nowMs = i;
      history.sample();
    }

    assertThat(history.samples()).extracting(ReadSample::getTimeMs).containsExactly(2L, 3L, 4L);
  }
}
