package io.ferry.master.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.FerryException;
import io.ferry.common.web.WebServer;
import io.ferry.proto.MountInfo;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebApiTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    if (server == null) {
      WebApi api = new WebApi(Map.of(
          "echo", query -> MountInfo.newBuilder().setFerryPath(query.get("path")).setMountId(1L << 40),
          "missing", query -> {
            throw FerryException.notFound(query.get("path"));
          }));
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      server = WebServer.start("127.0.0.1", port, "test.web.port", WebServer.newRegistry(), Optional::empty,
          Map.of("/api/", api)).orElseThrow();
    }
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAnswerIsItsMessageInJsonWithTheDecodedQuery() throws Exception {
    HttpResponse<String> response = get("/api/echo?path=%2Fdata%20set");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(response.body()).contains("\"ferryPath\": \"/data set\"").contains("\"mountId\": \"1099511627776\"");
  }

  @Test
  void aMissingPathAnswers404WithTheMessage() throws Exception {
    HttpResponse<String> response = get("/api/missing?path=/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("{\"error\":").contains("/nope");
  }

  @Test
  void anUnknownCallAnswers404NamingTheCallsThereAre() throws Exception {
    HttpResponse<String> response = get("/api/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("echo").contains("missing");
  }
}
