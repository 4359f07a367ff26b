package io.ferry.ufs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.ufs.ForwardingUnderFileSystem;
import io.ferry.ufs.ThrottledException;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UfsMetricsTest {
  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final UfsMetrics metrics = UfsMetrics.counting(registry);

  private UnderFileSystem local() throws IOException {
    return metrics.meter("file:///data", UnderFileSystems.create(dir.toString(), Map.of()));
  }

  private String exposition() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void offLeavesTheUnderStorageUnwrapped() throws IOException {
    try (UnderFileSystem ufs = UnderFileSystems.create(dir.toString(), Map.of())) {
      assertThat(UfsMetrics.off().meter("file:///data", ufs)).isSameAs(ufs);
    }
  }

  @Test
  void callsAreCountedAndTimedPerMountAndOperation() throws IOException {
    try (UnderFileSystem ufs = local()) {
      ufs.getStatus(dir.resolve("a").toString());
      ufs.getStatus(dir.resolve("b").toString());
    }

    assertThat(exposition())
        .contains("ferry_ufs_operations_total{mount=\"file:///data\",operation=\"get_status\"} 2.0")
        .contains("ferry_ufs_operation_duration_seconds_count{mount=\"file:///data\",operation=\"get_status\"} 2");
  }

  @Test
  void theBytesWrittenAndReadAreCounted() throws IOException {
    String file = dir.resolve("f").toString();
    try (UnderFileSystem ufs = local()) {
      try (UfsOutputStream out = ufs.create(file, false)) {
        out.write(new byte[1000]);
      }
      try (InputStream in = ufs.open(file, 100, -1)) {
        in.readAllBytes();
      }
    }

    assertThat(exposition())
        .contains("ferry_ufs_bytes_total{direction=\"written\",mount=\"file:///data\"} 1000.0")
        .contains("ferry_ufs_bytes_total{direction=\"read\",mount=\"file:///data\"} 900.0")
        .contains("ferry_ufs_operations_total{mount=\"file:///data\",operation=\"publish\"} 1.0");
  }

  @Test
  void aFailureIsCountedByItsCode() throws IOException {
    try (UnderFileSystem ufs = local()) {
      assertThatThrownBy(() -> ufs.open(dir.resolve("missing").toString(), 0, -1)).isInstanceOf(IOException.class);
    }

    assertThat(exposition())
        .contains("ferry_ufs_errors_total{code=\"NOT_FOUND\",mount=\"file:///data\",operation=\"open\"} 1.0");
  }

  @Test
  void throttlingIsCountedApartFromTheErrors() throws IOException {
    UnderFileSystem throttling = metrics.meter("s3://bucket/", new ForwardingUnderFileSystem(null) {
      @Override
      public Optional<UfsStatus> getStatus(String uri) throws IOException {
        throw new ThrottledException("S3 is throttling " + uri, null);
      }
    });

    assertThatThrownBy(() -> throttling.getStatus("s3://bucket/a")).isInstanceOf(ThrottledException.class);

    assertThat(exposition())
        .contains("ferry_ufs_throttled_total{mount=\"s3://bucket/\",operation=\"get_status\"} 1.0")
        .doesNotContain("ferry_ufs_errors_total{");
  }
}
