package io.ferry.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GETs from a process's web port on the loopback (its /metrics, /readyz, web UI), redirects not followed. */
public final class WebPort {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private WebPort() {}

  public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The Prometheus text of the process's /metrics. */
  public static String metrics(int port) throws IOException, InterruptedException {
    return get(port, "/metrics").body();
  }
}
