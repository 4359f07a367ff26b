package io.ferry.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {
  @Test
  void metricsAreOnByDefault() {
    ProcessMetrics metrics = ProcessMetrics.of(FerryConfiguration.builder().build());

    assertThat(metrics.enabled()).isTrue();
    assertThat(metrics.instrument(r -> "counting", () -> "off")).isEqualTo("counting");
  }

  @Test
  void metricsEnabledFalseChoosesEveryInstrumentsNoOp() {
    ProcessMetrics metrics = ProcessMetrics.of(FerryConfiguration.builder()
        .set(PropertyKey.METRICS_ENABLED, false).build());

    assertThat(metrics.enabled()).isFalse();
    assertThat(metrics.instrument(r -> "counting", () -> "off")).isEqualTo("off");
  }

  @Test
  void onlyMetricsOnHoldTheJvmsMetrics() {
    assertThat(ProcessMetrics.on().registry().scrape().stream()
        .anyMatch(m -> m.getMetadata().getPrometheusName().startsWith("jvm_"))).isTrue();
    assertThat(ProcessMetrics.off().registry().scrape()).isEmpty();
  }
}
