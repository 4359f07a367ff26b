package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import io.ferry.it.FerryCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Close-to-open through a real mount (issue 14): once close(2) of a file written through the mount returned, another
 * client sees it complete with its whole length, though the kernel sends the release later, or not yet (another
 * descriptor of the same open file is still open); a write through that other descriptor afterwards appends.
 */
class FuseCloseToOpenIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  /**
   * Writes argv[2] bytes (0, 1, … 250, 0, …) to argv[1] through one descriptor while a dup of it stays open (as a
   * forked child's would), closes it and says "closed"; then writes the line it reads through the dup and closes that.
   */
  private static final String WRITER = "import os, sys\n"
      + "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)\n"
      + "kept = os.dup(fd)\n"
      + "n = int(sys.argv[2])\n"
      + "data = (bytes(range(251)) * (n // 251 + 1))[:n]\n"
      + "for i in range(0, n, 1 << 20):\n"
      + "    os.write(fd, data[i:i + (1 << 20)])\n"
      + "os.close(fd)\n"
      + "print('closed', flush=True)\n"
      + "tail = sys.stdin.readline().rstrip('\\n').encode()\n"
      + "if tail:\n"
      + "    os.write(kept, tail)\n"
      + "os.close(kept)\n";

  private static MountedCluster fuse;
  private static Path base;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;
  private static FerryClient client;

  @BeforeAll
  static void start() throws Exception {
    fuse = MountedCluster.start("ferry-fuse-close-");
    base = fuse.base();
    cluster = fuse.cluster();
    mount = fuse.mount();
    client = fuse.client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  /** The bytes WRITER writes first. */
  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private static byte[] readThroughClient(String path) throws IOException {
    try (FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  /** WRITER on {@code name} under the mount, stopped once its first descriptor is closed. */
  private static final class DupWriter implements AutoCloseable {
    private final Process process;

    DupWriter(String name, int size) throws Exception {
      process = new ProcessBuilder("python3", "-c", WRITER, mount.dir().resolve(name).toString(),
          String.valueOf(size)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String said = CompletableFuture.supplyAsync(() -> readLine(out)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(said).as("the writer's close(2) returned").isEqualTo("closed");
    }

    /** Writes {@code tail} through the descriptor kept open, closes it and waits for the writer to exit. */
    void finish(String tail) throws Exception {
      try (OutputStream in = process.getOutputStream()) {
        in.write((tail + "\n").getBytes(StandardCharsets.UTF_8));
      }
      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the writer exited").isTrue();
      assertThat(process.exitValue()).isZero();
    }

    private static String readLine(BufferedReader out) {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void aFileIsCompleteWithItsWholeLengthForAnotherClientOnceCloseReturned() throws Exception {
    int size = 24 << 20;
    try (DupWriter writer = new DupWriter("whole.bin", size)) {
      PathStatus seen = client.getStatus("/whole.bin");

      assertThat(seen.complete()).as("complete once close(2) returned").isTrue();
      assertThat(seen.length()).isEqualTo(size);
      assertThat(readThroughClient("/whole.bin")).isEqualTo(pattern(size));
      writer.finish("");
    }
  }

  @Test
  void aWriteThroughAnotherDescriptorAfterACloseAppendsToTheCompletedFile() throws Exception {
    try (DupWriter writer = new DupWriter("appended.bin", 1000)) {
      assertThat(readThroughClient("/appended.bin")).isEqualTo(pattern(1000));

      writer.finish("tail");
    }

    byte[] expected = Arrays.copyOf(pattern(1000), 1004);
    System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, expected, 1000, 4);
    assertThat(Files.readAllBytes(mount.dir().resolve("appended.bin"))).isEqualTo(expected);
    assertThat(readThroughClient("/appended.bin")).isEqualTo(expected);
  }

  @Test
  void aShellWritingThroughOneDescriptorInManyCommandsReadsBackExactly() throws Exception {
    Shell.sh(mount.dir(), TIMEOUT, "exec 3>lines.txt; echo one >&3; echo two >&3; printf three >&3; exec 3>&-");

    assertThat(readThroughClient("/lines.txt")).isEqualTo("one\ntwo\nthree".getBytes(StandardCharsets.UTF_8));
    assertThat(cluster.rootUfs().resolve("lines.txt")).hasContent("one\ntwo\nthree");
  }

  @Test
  void aFileCopiedInIsCompleteForAnotherClientOnceCpReturned() throws Exception {
    Path source = base.resolve("source.bin");
    byte[] bytes = new byte[32 << 20];
    new Random(7).nextBytes(bytes);
    Files.write(source, bytes);

    Shell.ok(null, TIMEOUT, "cp", source.toString(), mount.dir().resolve("copied.bin").toString());
    PathStatus seen = client.getStatus("/copied.bin");

    assertThat(seen.complete()).as("complete once cp returned").isTrue();
    assertThat(seen.length()).isEqualTo(bytes.length);
  }
}
