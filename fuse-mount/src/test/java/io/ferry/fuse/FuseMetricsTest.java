package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FuseMetricsTest implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final FuseMetrics metrics = FuseMetrics.counting(registry, Duration.ofMinutes(1));

  @org.junit.jupiter.api.AfterEach
  @Override
  public void close() {
    metrics.close();
  }

  @Test
  void aNegativeResultIsAnErrorCountedByErrnoAndAPositiveOneIsNot() throws IOException {
    metrics.observe("read", 131_072, 1_000_000);
    metrics.observe("getattr", -2, 1_000);

    assertThat(exposition())
        .contains("ferry_fuse_operations_total{operation=\"read\"} 1.0")
        .contains("ferry_fuse_operations_total{operation=\"getattr\"} 1.0")
        .contains("ferry_fuse_errors_total{errno=\"2\",operation=\"getattr\"} 1.0")
        .doesNotContain("ferry_fuse_errors_total{errno=\"2\",operation=\"read\"}")
        .contains("ferry_fuse_operation_duration_seconds_count{operation=\"read\"} 1");
  }

  @Test
  void anOperationInFlightIsCountedUntilItIsAnswered() throws IOException {
    try (var request = metrics.started("read", "/data/x", () -> "worker w")) {
      assertThat(exposition()).contains("ferry_fuse_requests_in_flight 1.0");
    }

    assertThat(exposition()).contains("ferry_fuse_requests_in_flight 0.0");
  }

  @Test
  void metricsOffTrackAndCountNothing() throws IOException {
    try (FuseMetrics off = FuseMetrics.off(); var request = off.started("read", "/a", () -> "w")) {
      off.observe("read", -5, 1_000);
    }

    assertThat(exposition()).doesNotContain("ferry_fuse_operations_total{");
  }

  private String exposition() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
