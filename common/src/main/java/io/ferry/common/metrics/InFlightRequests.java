package io.ferry.common.metrics;

import io.ferry.common.DaemonThreads;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a process is answering, so that a hang is never silent: a
 * request still running after the threshold is logged once, while it runs,
 * with its operation, path, age and what it waits for, and counted
 * ({@code PREFIX_slow_requests_total}); {@code PREFIX_requests_in_flight} and
 * {@code PREFIX_oldest_request_age_seconds} show them at any time.
 */
public final class InFlightRequests implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InFlightRequests.class);
  /** One thread checks every tracker of the process: the checks are short. */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slow-requests"));

  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final long thresholdNanos;
  private final LongSupplier nanoClock;
  private final Counter slow;
  private volatile ScheduledFuture<?> checks;

  /**
   * Tracks the requests of {@code what} ("FUSE operation", "RPC") under the
   * metric prefix {@code prefix} ("ferry_fuse"), checking for slow ones a few
   * times per {@code threshold}.
   */
  public InFlightRequests(PrometheusRegistry registry, String prefix, String what, Duration threshold) {
    this(registry, prefix, what, threshold, System::nanoTime);
    long periodMs = Math.max(10, threshold.toMillis() / 4);
    checks = WATCHDOG.scheduleWithFixedDelay(this::logSlow, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Off the watchdog's schedule: the test calls {@link #logSlow} itself, on {@code nanoClock}'s time. */
  InFlightRequests(PrometheusRegistry registry, String prefix, String what, Duration threshold,
      LongSupplier nanoClock) {
    this.thresholdNanos = threshold.toNanos();
    this.nanoClock = nanoClock;
    slow = Counter.builder().name(prefix + "_slow_requests_total")
        .help(what + "s that ran longer than the slow request threshold (each logged once), per operation")
        .labelNames("operation").register(registry);
    GaugeWithCallback.builder().name(prefix + "_requests_in_flight").help(what + "s running now")
        .callback(c -> c.call(running.size())).register(registry);
    GaugeWithCallback.builder().name(prefix + "_oldest_request_age_seconds").unit(Unit.SECONDS)
        .help("How long the oldest " + what + " running now has run (0 when none runs)")
        .callback(c -> c.call(oldestAgeNanos() / 1e9)).register(registry);
  }

  /**
   * A request starts; close what this returns when it ends. {@code waitingFor}
   * is only asked when the request is logged as slow.
   */
  public Request start(String operation, String path, Supplier<String> waitingFor) {
    Running request = new Running(ids.incrementAndGet(), operation, path, waitingFor, nanoClock.getAsLong());
    running.put(request.id, request);
    return request;
  }

  private long oldestAgeNanos() {
    long now = nanoClock.getAsLong();
    return running.values().stream().mapToLong(r -> now - r.startNanos).max().orElse(0);
  }

  /** Logs and counts, once each, the requests that have run longer than the threshold. */
  void logSlow() {
    try {
      logSlowOnce();
    } catch (RuntimeException e) {
      LOG.error("Checking for slow requests failed", e); // keep the schedule alive
    }
  }

  private void logSlowOnce() {
    long now = nanoClock.getAsLong();
    for (Running r : running.values()) {
      long age = now - r.startNanos;
      if (age >= thresholdNanos && !r.logged) {
        r.logged = true;
        slow.labelValues(r.operation).inc();
        LOG.warn("Slow request: {} {} has run for {} ms and is still waiting for {}", r.operation, r.path,
            TimeUnit.NANOSECONDS.toMillis(age), r.waitingFor.get());
      }
    }
  }

  /** Stops checking (the process stops). */
  @Override
  public void close() {
    if (checks != null) {
      checks.cancel(false);
    }
  }

  /** One request in flight; closing it ends it. */
  public interface Request extends AutoCloseable {
    /** A request no one tracks (instruments turned off). */
    Request UNTRACKED = () -> { };

    @Override
    void close();
  }

  private final class Running implements Request {
    private final long id;
    private final String operation;
    private final String path;
    private final Supplier<String> waitingFor;
    private final long startNanos;
    /** Only the watchdog thread reads and writes it. */
    private boolean logged;

    private Running(long id, String operation, String path, Supplier<String> waitingFor, long startNanos) {
      this.id = id;
      this.operation = operation;
      this.path = path;
      this.waitingFor = waitingFor;
      this.startNanos = startNanos;
    }

    @Override
    public void close() {
      running.remove(id);
    }
  }
}
