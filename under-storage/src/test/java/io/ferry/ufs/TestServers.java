package io.ferry.ufs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real S3 (S3Proxy) and Azure Blob (Azurite) servers tests run against.
 * When the environment has their endpoints (bin/run-tests sources the output
 * of {@code integration-tests/scripts/test-servers.sh start}), those are used;
 * otherwise the script starts private servers once per JVM, which are stopped
 * when the JVM exits. Ships in this module's test-jar for other modules' tests.
 */
public final class TestServers {
  public static final String SCRIPT = "integration-tests/scripts/test-servers.sh";
  private static final List<String> NAMES = List.of(
      "S3PROXY_ENDPOINT", "S3PROXY_ACCESS_KEY", "S3PROXY_SECRET_KEY", "S3PROXY_REGION",
      "AZURITE_BLOB_ENDPOINT", "AZURITE_ACCOUNT", "AZURITE_KEY");
  private static Map<String, String> endpoints;

  private TestServers() {}

  /** An S3 server, with the credentials it accepts. */
  public record S3(String endpoint, String accessKey, String secretKey, String region) {
    /** Mount options that reach this server. */
    public Map<String, String> mountOptions() {
      return Map.of("s3.endpoint", endpoint, "s3.access-key", accessKey, "s3.secret-key", secretKey,
          "s3.region", region, "s3.path-style", "true");
    }
  }

  /** An Azure Blob server: endpoint http://host:port/account, and the account's key. */
  public record Azurite(String endpoint, String account, String key) {
    public Map<String, String> mountOptions() {
      return Map.of("azure.endpoint", endpoint, "azure.account", account, "azure.key", key);
    }
  }

  public static S3 s3() {
    Map<String, String> e = endpoints();
    return new S3(e.get("S3PROXY_ENDPOINT"), e.get("S3PROXY_ACCESS_KEY"), e.get("S3PROXY_SECRET_KEY"),
        e.get("S3PROXY_REGION"));
  }

  public static Azurite azurite() {
    Map<String, String> e = endpoints();
    return new Azurite(e.get("AZURITE_BLOB_ENDPOINT"), e.get("AZURITE_ACCOUNT"), e.get("AZURITE_KEY"));
  }

  private static synchronized Map<String, String> endpoints() {
    if (endpoints == null) {
      endpoints = System.getenv("S3PROXY_ENDPOINT") != null && System.getenv("AZURITE_BLOB_ENDPOINT") != null
          ? fromEnvironment()
          : startPrivateServers();
    }
    return endpoints;
  }

  private static Map<String, String> fromEnvironment() {
    Map<String, String> e = new HashMap<>();
    for (String name : NAMES) {
      String value = System.getenv(name);
      if (value == null) {
        throw new IllegalStateException(name + " is not set, though S3PROXY_ENDPOINT is: source the whole "
            + "output of " + SCRIPT + " start");
      }
      e.put(name, value);
    }
    return e;
  }

  private static Map<String, String> startPrivateServers() {
    try {
      Path script = findScript();
      Path state = Files.createTempDirectory("ferry-test-servers");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, state), "stop-test-servers"));
      String out = run(script, state, "start");
      Map<String, String> e = new HashMap<>();
      for (String line : out.split("\n")) {
        if (line.startsWith("export ")) {
          String[] kv = line.substring("export ".length()).split("=", 2);
          e.put(kv[0], kv[1].replaceAll("^'|'$", ""));
        }
      }
      if (!e.keySet().containsAll(NAMES)) {
        throw new IllegalStateException(SCRIPT + " start printed no endpoints: " + out);
      }
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stop(Path script, Path state) {
    try {
      run(script, state, "stop");
      try (Stream<Path> files = Files.walk(state)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not stop the test servers of " + state + ": " + e);
    }
  }

  /** Runs the script with its own state directory; its progress goes to this JVM's stderr. */
  private static String run(Path script, Path state, String command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("TEST_SERVERS_STATE", state.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(SCRIPT + " " + command + " failed with exit code " + p.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running " + SCRIPT + " " + command, e);
    }
    return out;
  }

  /** The script, found from the working directory (a module of the repository) upwards. */
  private static Path findScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("Cannot find " + SCRIPT + " above " + Path.of("").toAbsolutePath()
        + "; or set the endpoints it prints (S3PROXY_ENDPOINT, AZURITE_BLOB_ENDPOINT, …)");
  }
}
