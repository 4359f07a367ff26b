package io.ferry.common.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The three series every kind of operation a process answers or makes gets
 * (RPCs, FUSE operations, under storage calls): a count, the errors by code
 * and a latency histogram, each per operation (and whatever else {@link
 * Names#labels} names, such as the mount). Label values must come from
 * bounded sets: operation names, error codes, mounts.
 */
public final class OperationMetrics {
  /**
   * The names of one kind's series and labels, e.g. ferry_rpc_requests_total,
   * ferry_rpc_errors_total, ferry_rpc_duration_seconds, labels ["method"],
   * error label "code", and what one operation is called in the help texts ("RPC").
   */
  public record Names(String count, String errors, String duration, List<String> labels, String codeLabel,
      String what) {
    public Names {
      labels = List.copyOf(labels);
    }

    private String per() {
      return "per " + String.join(" and ", labels);
    }
  }

  private final Counter count;
  private final Counter errors;
  private final Histogram duration;

  public OperationMetrics(PrometheusRegistry registry, Names names) {
    List<String> errorLabels = new ArrayList<>(names.labels());
    errorLabels.add(names.codeLabel());
    count = Counter.builder().name(names.count()).help(names.what() + "s, " + names.per())
        .labelNames(names.labels().toArray(String[]::new)).register(registry);
    errors = Counter.builder().name(names.errors())
        .help(names.what() + "s that failed, " + names.per() + " and " + names.codeLabel())
        .labelNames(errorLabels.toArray(String[]::new)).register(registry);
    duration = Histogram.builder().name(names.duration()).unit(Unit.SECONDS)
        .help("Time a " + names.what() + " took, " + names.per())
        .labelNames(names.labels().toArray(String[]::new)).register(registry);
  }

  /**
   * An operation with {@code labelValues} (in {@link Names#labels} order)
   * ended after {@code nanos}; {@code errorCode} is null when it succeeded.
   */
  public void observe(String errorCode, long nanos, String... labelValues) {
    count.labelValues(labelValues).inc();
    duration.labelValues(labelValues).observe(nanos / 1e9);
    if (errorCode != null) {
      String[] withCode = Arrays.copyOf(labelValues, labelValues.length + 1);
      withCode[labelValues.length] = errorCode;
      errors.labelValues(withCode).inc();
    }
  }
}
