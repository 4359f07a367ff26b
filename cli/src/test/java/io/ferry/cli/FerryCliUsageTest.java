package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Argument parsing, exit codes and error formatting, without a cluster. */
class FerryCliUsageTest {
  private static final Supplier<FerryConfiguration> NO_CONF = () -> {
    throw new AssertionError("a usage error must not load the configuration");
  };

  private static Supplier<FerryConfiguration> deadMaster(int port) {
    return () -> FerryConfiguration.builder().set(PropertyKey.MASTER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.MASTER_RPC_PORT, port).build();
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of(NO_CONF);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Missing command").contains("Usage: ferry");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.of(NO_CONF, "fs", "ls", "--bogus", "/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--bogus").contains("Usage: ferry fs ls");
  }

  @Test
  void missingArgumentIsAUsageError() {
    CliRun run = CliRun.of(NO_CONF, "fs", "mv", "/a");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("DST");
  }

  @Test
  void benchReadRequiresAPath() {
    assertThat(CliRun.of(NO_CONF, "bench", "read").exitCode()).isEqualTo(2);
  }

  @Test
  void versionPrintsTheProjectVersion() {
    CliRun run = CliRun.of(NO_CONF, "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Ferry 0.");
  }

  @Test
  void unreachableMasterPrintsOneLineNamingItAndExitsOne() throws IOException {
    int port = unusedPort();
    CliRun run = CliRun.of(deadMaster(port), "fs", "ls", "/");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("ferry: master at 127.0.0.1:" + port + " is unavailable");
    assertThat(run.stderr().lines()).hasSize(1);
  }

  @Test
  void debugFlagAddsTheStackTrace() throws IOException {
    CliRun run = CliRun.of(deadMaster(unusedPort()), "fs", "stat", "--debug", "/");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("\tat io.ferry.");
  }

  @Test
  void debugEnvironmentVariableAddsTheStackTrace() throws IOException {
    CliRun run = CliRun.of(deadMaster(unusedPort()), Map.of("FERRY_DEBUG", "1"), "fs", "stat", "/");
    assertThat(run.stderr()).contains("\tat io.ferry.");
  }

  @Test
  void invalidPathIsOneLineError() {
    CliRun run = CliRun.of(() -> FerryConfiguration.builder().build(), "fs", "mkdir", "relative");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("ferry: Invalid path (not absolute): relative" + System.lineSeparator());
  }

  @Test
  void badWriteTypeNamesIt() throws IOException {
    java.nio.file.Path local = java.nio.file.Files.createTempFile("ferry-put", ".bin");
    try {
      CliRun run = CliRun.of(deadMaster(unusedPort()), "fs", "put", "--write-type", "SOMETIMES",
          local.toString(), "/x");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr()).startsWith("ferry: Unknown write type 'SOMETIMES'");
    } finally {
      java.nio.file.Files.delete(local);
    }
  }

  @Test
  void missingLocalFileForPutNamesIt() {
    CliRun run = CliRun.of(() -> FerryConfiguration.builder().build(), "fs", "put", "/no/such/file", "/x");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("ferry: No such local file: /no/such/file" + System.lineSeparator());
  }
}
