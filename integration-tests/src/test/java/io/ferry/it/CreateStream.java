package io.ferry.it;

import io.ferry.client.FerryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Client threads that create empty files one call at a time
 * ({@code <dir>/t<thread>/f<n>}) until stopped, recording what the master
 * acknowledged, when, and every error a caller saw.
 */
final class CreateStream implements AutoCloseable {
  private final FerryClient client;
  private final String dir;
  private final List<Thread> threads = new ArrayList<>();
  private final long[] acknowledged;
  private final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  CreateStream(FerryClient client, String dir, int threadCount) throws Exception {
    this.client = client;
    this.dir = dir;
    this.acknowledged = new long[threadCount];
    for (int t = 0; t < threadCount; t++) {
      client.createDirectory(threadDir(t), true);
    }
    for (int t = 0; t < threadCount; t++) {
      int thread = t;
      Thread th = new Thread(() -> run(thread), "create-stream-" + t);
      threads.add(th);
      th.start();
    }
  }

  private void run(int t) {
    while (!stopped) {
      try {
        client.createEmptyFiles(threadDir(t), List.of("f" + acknowledged[t]));
        acknowledged[t]++;
        ackNanos.add(System.nanoTime());
      } catch (Exception e) {
        errors.add(e);
        return;
      }
    }
  }

  String threadDir(int t) {
    return dir + "/t" + t;
  }

  int threadCount() {
    return acknowledged.length;
  }

  /** Files thread t has had acknowledged (f0 .. f(n-1)); read after {@link #close}. */
  long acknowledged(int t) {
    return acknowledged[t];
  }

  long totalAcknowledged() {
    long sum = 0;
    for (long a : acknowledged) {
      sum += a;
    }
    return sum;
  }

  /** Waits (at most {@code timeoutMs}) until {@code count} creates were acknowledged after {@code sinceNanos}. */
  void awaitAcksAfter(long sinceNanos, int count, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (ackNanos.stream().filter(t -> t > sinceNanos).count() < count && System.nanoTime() < deadline
        && errors.isEmpty()) {
      Thread.sleep(10);
    }
  }

  /** The longest time without any acknowledged create, from the last one before {@code sinceNanos} on. */
  long longestStallMsAfter(long sinceNanos) {
    List<Long> times = ackNanos.stream().sorted().toList();
    long longest = 0;
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i) > sinceNanos) {
        longest = Math.max(longest, times.get(i) - times.get(i - 1));
      }
    }
    return longest / 1_000_000;
  }

  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join();
    }
  }
}
