package io.ferry.master.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ferry.common.error.FerryException;
import io.ferry.proto.MountInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebApiTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server = serve(new WebApi(Map.of(
      "echo", query -> MountInfo.newBuilder().setFerryPath(query.get("path")).setMountId(1L << 40),
      "missing", query -> {
        throw FerryException.notFound(query.get("path"));
      }), WebCallers.NONE));

  /** The API alone on an HTTP server of the JDK, on a port of the system's choosing. */
  private static HttpServer serve(WebApi api) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/api/", api);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
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
