package io.ferry.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian's {@code prometheus}) on loopback,
 * scraping the given targets every second, queried through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
  /** The value of the first sample of an instant-vector answer: "value":[time,"number"]. */
  private static final Pattern FIRST_VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path logFile;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
  }

  /** True if the {@code prometheus} binary is on the PATH. */
  public static boolean installed() {
    return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "prometheus")));
  }

  /** Starts Prometheus with its data under {@code dir}, scraping each job's loopback ports every second. */
  public static PrometheusServer start(Path dir, Map<String, List<Integer>> portsByJob, Path logDir)
      throws IOException, InterruptedException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
        + portsByJob.entrySet().stream().map(job -> "  - job_name: " + job.getKey()
            + "\n    static_configs:\n      - targets: [" + job.getValue().stream()
            .map(p -> "'127.0.0.1:" + p + "'").collect(Collectors.joining(", ")) + "]\n")
            .collect(Collectors.joining()));
    int port = FerryCluster.freePort();
    Files.createDirectories(logDir);
    Path log = logDir.resolve("prometheus.log");
    Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited at start; log:\n" + Files.readString(logFile));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("prometheus not ready after " + START_TIMEOUT + "; log:\n"
            + Files.readString(logFile));
      }
      Thread.sleep(200);
    }
  }

  /** The value of an instant query that yields one sample (e.g. a sum); empty while it yields none. */
  public OptionalDouble query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("query " + promql + " failed: " + response.body());
    }
    Matcher m = FIRST_VALUE.matcher(response.body());
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  /**
   * Queries until the value satisfies {@code expected} (scrapes arrive every
   * second) and returns it; fails with the last value after {@code timeout}.
   */
  public double await(String promql, DoublePredicate expected, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    OptionalDouble value = query(promql);
    while (value.isEmpty() || !expected.test(value.getAsDouble())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("after " + timeout + ", " + promql + " is " + value);
      }
      Thread.sleep(250);
      value = query(promql);
    }
    return value.getAsDouble();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
