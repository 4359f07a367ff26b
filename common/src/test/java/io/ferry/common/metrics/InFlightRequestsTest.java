package io.ferry.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InFlightRequestsTest {
  private static final long SECOND = 1_000_000_000L;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private long now = 0;
  private final InFlightRequests requests =
      new InFlightRequests(registry, "ferry_test", "test request", Duration.ofSeconds(10), () -> now);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(InFlightRequests.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  private List<String> logged() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private String exposition() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRequestPastTheThresholdIsLoggedWithItsPathAgeAndWhatItWaitsFor() {
    requests.start("read", "/data/train.bin", () -> "worker w1:29999");
    now = 11 * SECOND;

    requests.logSlow();

    assertThat(logged()).singleElement().asString().contains("read /data/train.bin").contains("11000 ms")
        .contains("worker w1:29999");
  }

  @Test
  void aSlowRequestIsLoggedAndCountedOnce() throws IOException {
    requests.start("read", "/a", () -> "w");
    now = 11 * SECOND;
    requests.logSlow();
    now = 30 * SECOND;

    requests.logSlow();

    assertThat(logged()).hasSize(1);
    assertThat(exposition()).contains("ferry_test_slow_requests_total{operation=\"read\"} 1.0");
  }

  @Test
  void aRequestUnderTheThresholdIsNotLoggedNorAskedWhatItWaitsFor() {
    AtomicInteger asked = new AtomicInteger();
    requests.start("getattr", "/a", () -> "master m" + asked.incrementAndGet());
    now = 9 * SECOND;

    requests.logSlow();

    assertThat(logged()).isEmpty();
    assertThat(asked).hasValue(0);
  }

  @Test
  void anEndedRequestIsNeitherLoggedNorInFlight() throws IOException {
    requests.start("read", "/a", () -> "w").close();
    now = 60 * SECOND;

    requests.logSlow();

    assertThat(logged()).isEmpty();
    assertThat(exposition()).contains("ferry_test_requests_in_flight 0.0");
  }

  @Test
  void theGaugesShowTheRequestsInFlightAndTheOldestAge() throws IOException {
    requests.start("read", "/a", () -> "w");
    now = 4 * SECOND;
    requests.start("read", "/b", () -> "w");
    now = 5 * SECOND;

    assertThat(exposition()).contains("ferry_test_requests_in_flight 2.0")
        .contains("ferry_test_oldest_request_age_seconds 5.0");
  }
}
