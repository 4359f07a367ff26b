package io.ferry.common.metrics;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether a process records metrics ({@code ferry.metrics.enabled}), decided
 * once at start-up: on, its instruments count into a registry that also holds
 * the JVM's metrics and that the web port serves at /metrics; off, each kind
 * of instrument is its no-op ({@code off()}: no interceptor, no per-call work)
 * and /metrics says metrics are off. Callback metrics, read only when
 * scraped, may be registered either way: off, the registry is never served.
 */
public final class ProcessMetrics {
  /** What /metrics answers when metrics are off. */
  public static final String OFF_MESSAGE = "metrics are off in this process (" + PropertyKey.METRICS_ENABLED + "=false)";

  private final PrometheusRegistry registry;
  private final boolean enabled;

  private ProcessMetrics(PrometheusRegistry registry, boolean enabled) {
    this.registry = registry;
    this.enabled = enabled;
  }

  /** As {@code conf} says. */
  public static ProcessMetrics of(FerryConfiguration conf) {
    return conf.getBoolean(PropertyKey.METRICS_ENABLED) ? on() : off();
  }

  /** Metrics recorded, in a registry holding the JVM's metrics (heap, direct memory, GC, threads). */
  public static ProcessMetrics on() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new ProcessMetrics(registry, true);
  }

  /** No metrics recorded nor served. */
  public static ProcessMetrics off() {
    return new ProcessMetrics(new PrometheusRegistry(), false);
  }

  public boolean enabled() {
    return enabled;
  }

  /** Where the process's metrics go (served only when {@link #enabled}). */
  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * One kind of instrument: {@code counting} it in the registry when metrics
   * are on, its {@code off} no-op otherwise, e.g.
   * {@code metrics.instrument(r -> UfsMetrics.counting(r), UfsMetrics::off)}.
   */
  public <T> T instrument(Function<PrometheusRegistry, T> counting, Supplier<T> off) {
    return enabled ? counting.apply(registry) : off.get();
  }
}
