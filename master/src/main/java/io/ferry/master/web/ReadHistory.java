package io.ferry.master.web;

import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerMetrics;
import io.ferry.proto.web.ReadSample;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The workers' reads over the last hour, for the web UI's overview: each
 * {@link #sample} turns the counters the live workers sent in their
 * heartbeats into what they read since the previous sample. A worker that
 * restarted (its counters went back) counts from zero.
 */
public final class ReadHistory {
  private final Supplier<List<WorkerInfo>> liveWorkers;
  private final LongSupplier clockMs;
  private final int capacity;
  private final ArrayDeque<ReadSample> samples = new ArrayDeque<>();
  private final Map<Long, WorkerMetrics> previous = new HashMap<>();

  /** Keeps the last {@code capacity} samples of {@code liveWorkers}' counters. */
  public ReadHistory(Supplier<List<WorkerInfo>> liveWorkers, LongSupplier clockMs, int capacity) {
    this.liveWorkers = liveWorkers;
    this.clockMs = clockMs;
    this.capacity = capacity;
  }

  /** Records what the live workers read since the previous call. */
  public synchronized void sample() {
    ReadSample.Builder sample = ReadSample.newBuilder().setTimeMs(clockMs.getAsLong());
    Map<Long, WorkerMetrics> now = new HashMap<>();
    for (WorkerInfo worker : liveWorkers.get()) {
      WorkerMetrics m = worker.getMetrics();
      now.put(worker.getAddress().getWorkerId(), m);
      WorkerMetrics before = previous.getOrDefault(worker.getAddress().getWorkerId(), m);
      if (m.getBytesServed() < before.getBytesServed()) {
        before = WorkerMetrics.getDefaultInstance();
      }
      sample.setBytesServed(sample.getBytesServed() + m.getBytesServed() - before.getBytesServed())
          .setUfsBytesRead(sample.getUfsBytesRead() + m.getUfsBytesRead() - before.getUfsBytesRead())
          .setCacheHits(sample.getCacheHits() + m.getCacheHits() - before.getCacheHits())
          .setCacheMisses(sample.getCacheMisses() + m.getCacheMisses() - before.getCacheMisses());
    }
    previous.clear();
    previous.putAll(now);
    samples.addLast(sample.build());
    if (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  /** The samples kept, oldest first. */
  public synchronized List<ReadSample> samples() {
    return List.copyOf(samples);
  }
}
