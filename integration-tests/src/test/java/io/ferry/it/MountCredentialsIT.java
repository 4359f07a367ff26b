package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.CredentialKeyFile;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mount credentials at rest, across real processes: after a mount of an S3
 * bucket with its secret key, no file of the master's state (RocksDB and its
 * write-ahead log, the journal of one master; with HA the Raft log too) nor
 * any log holds the key in clear text; a restarted master decrypts it and
 * still reaches the bucket; a master without the key refuses to start, in
 * one line.
 */
class MountCredentialsIT {
  private static final String BUCKET = "ferry-credentials";
  private static final String SECRET = TestServers.s3().secretKey();

  @TempDir static Path dir;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    S3TestBuckets.create(BUCKET);
    write("first.txt", "the mount's root exists once it holds an object".getBytes(StandardCharsets.UTF_8));
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://" + BUCKET + "/data", s3Options(), false);
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /** The test server's credentials; metadata re-checked on every access, so reads reach the bucket. */
  private static Map<String, String> s3Options() {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("sync.interval", "0");
    return options;
  }

  /** Writes an object below the mount's root, behind Ferry's back. */
  private static void write(String name, byte[] data) throws IOException {
    try (Ufs s3 = new Ufs("s3://" + BUCKET + "/", TestServers.s3().mountOptions())) {
      s3.write("s3://" + BUCKET + "/data/" + name, data);
    }
  }

  @Test
  void noFileOfTheMastersStateNorAnyLogHoldsTheSecret() throws Exception {
    assertThat(filesHolding(cluster.masterStateDir(), BUCKET)).as("the mount's clear-text URI").isNotEmpty();
    assertThat(filesHolding(cluster.masterStateDir(), SECRET)).isEmpty();
    assertThat(filesHolding(cluster.logDir(), SECRET)).isEmpty();
  }

  @Test
  void aRestartedMasterDecryptsTheCredentialsAndReachesTheBucket() throws Exception {
    cluster.killMaster();
    cluster.startMaster();
    byte[] data = ("written behind Ferry's back at " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    write("after-restart.txt", data);

    try (FerryClient client = cluster.newClient(); FerryInputStream in = client.openFile("/s3/after-restart.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aMasterWithoutTheKeyRefusesToStartInOneLine() throws Exception {
    cluster.killMaster();
    Map<String, String> noKey = new HashMap<>(cluster.masterProperties());
    noKey.put(PropertyKey.SECURITY_SECRET_KEY_FILE.name(), "");
    Process master = new ProcessBuilder(DaemonProcess.javaCommand("io.ferry.master.FerryMaster", "logback.xml", noKey))
        .redirectErrorStream(true).start();
    String output = new String(master.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = master.waitFor(60, TimeUnit.SECONDS);
    cluster.startMaster();

    assertThat(exited).isTrue();
    assertThat(master.exitValue()).isEqualTo(1);
    assertThat(output.lines().filter(l -> l.startsWith("ferry master: ")).toList()).singleElement().asString()
        .contains("[/s3]", "'ferry.security.secret.key.file' is not set").doesNotContain(SECRET);
    assertThat(output).doesNotContain("\tat ");
  }

  @Test
  void noFileOfAQuorumsStateHoldsTheSecret() throws Exception {
    Path ha = dir.resolve("ha");
    Path key = dir.resolve("ha-secret.key");
    CredentialKeyFile.readOrCreate(key); // before the masters start: all three read it
    try (HaCluster quorum = new HaCluster(ha, 0, Map.of(PropertyKey.SECURITY_SECRET_KEY_FILE.name(), key.toString()))) {
      try (FerryClient client = quorum.start().newClient()) {
        client.mount("/s3", "s3://" + BUCKET + "/data", s3Options(), false);
      }

      assertThat(filesHolding(ha.resolve("raft-0"), BUCKET)).as("the mount's clear-text URI").isNotEmpty();
      assertThat(filesHolding(ha, SECRET)).isEmpty();
    }
  }

  /** The files under {@code root} whose bytes contain {@code ascii}. */
  private static List<Path> filesHolding(Path root, String ascii) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> bytesOf(f).contains(ascii)).toList();
    }
  }

  /** A file's bytes, one char each. */
  private static String bytesOf(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) { // a file RocksDB or Ratis removed meanwhile
      return "";
    }
  }
}
