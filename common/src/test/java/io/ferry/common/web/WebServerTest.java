package io.ferry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.metrics.ProcessMetrics;
import io.ferry.common.security.TransportSecurity;
import io.prometheus.metrics.core.metrics.Counter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private ProcessMetrics metrics = ProcessMetrics.on();
  private final AtomicReference<String> notReady = new AtomicReference<>();
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    if (server == null) {
      server = WebServer.start("127.0.0.1", freePort(), "test.web.port", TransportSecurity.plaintext(), metrics,
          () -> Optional.ofNullable(notReady.get())).orElseThrow();
    }
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsServesTheRegistryAndTheJvmInPrometheusTextFormat() throws Exception {
    Counter.builder().name("ferry_test_events_total").help("test").register(metrics.registry()).inc(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("ferry_test_events_total 3.0").contains("jvm_memory_used_bytes");
  }

  @Test
  void metricsOffAnswers404SayingSo() throws Exception {
    metrics = ProcessMetrics.off();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("ferry.metrics.enabled=false");
  }

  @Test
  void healthzAndReadyzAnswerWithMetricsOff() throws Exception {
    metrics = ProcessMetrics.off();

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void healthzAnswersWhileTheProcessRuns() throws Exception {
    notReady.set("not registered with the master yet");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyzIsUnavailableWithTheReasonUntilTheProcessIsReady() throws Exception {
    notReady.set("not registered with the master yet");
    HttpResponse<String> before = get("/readyz");
    notReady.set(null);
    HttpResponse<String> after = get("/readyz");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).contains("not registered with the master yet");
    assertThat(after.statusCode()).isEqualTo(200);
  }

  @Test
  void portZeroTurnsTheWebPortOff() throws IOException {
    assertThat(WebServer.start("127.0.0.1", 0, "test.web.port", TransportSecurity.plaintext(), metrics, Optional::empty)).isEmpty();
  }

  @Test
  void aPortInUseIsReportedWithItsKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> WebServer.start("127.0.0.1", taken.getLocalPort(),
              "test.web.port", TransportSecurity.plaintext(), metrics, Optional::empty))
          .isInstanceOf(IOException.class).hasMessageContaining("test.web.port")
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
