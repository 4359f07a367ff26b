package io.ferry.ufs.metrics;

import io.ferry.ufs.UnderFileSystem;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The instruments of a process's under storage calls: {@link #counting} them
 * per mount and operation (count, errors by code, latency, bytes, throttled
 * calls apart) or {@link #off} (the under storage unwrapped).
 */
@FunctionalInterface
public interface UfsMetrics {
  /** Counts the calls in {@code registry}. */
  static UfsMetrics counting(PrometheusRegistry registry) {
    return new CountedUfsCalls(registry);
  }

  /** Counts nothing. */
  static UfsMetrics off() {
    return (mountUri, ufs) -> ufs;
  }

  /** {@code ufs}, the under storage of the mount at {@code mountUri}, with its calls counted. */
  UnderFileSystem meter(String mountUri, UnderFileSystem ufs);
}
