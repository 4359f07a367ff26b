package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.metrics.ProcessMetrics;
import io.ferry.common.security.TransportSecurity;
import io.ferry.common.web.WebServer;
import io.ferry.fuse.FerryFuseFileSystem;
import io.ferry.fuse.FuseMetrics;
import io.ferry.fuse.FuseMount;
import io.ferry.fuse.FuseSettings;
import io.ferry.fuse.MountPoints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry fuse MOUNTPOINT [--path /dir] [-o opt,…]}: mounts Ferry in the foreground. */
@Command(name = "fuse", mixinStandardHelpOptions = true,
    description = "Mounts the Ferry namespace (or one directory of it) at MOUNTPOINT and serves it in the "
        + "foreground; SIGTERM or Ctrl-C unmounts it.")
public final class FuseCommand implements Callable<Integer> {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MASTER_RETRY_PAUSE = Duration.ofMillis(200);
  private static final String WEB_BIND_HOST = "0.0.0.0";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "Local directory to mount at (created if missing).")
  private Path mountPoint;

  @Option(names = "--path", defaultValue = "/", description = "Ferry directory to mount (default: /).")
  private String path;

  @Option(names = "-o", split = ",", paramLabel = "OPTION",
      description = "More libfuse options, e.g. -o allow_other,ro; they override the configured defaults.")
  private List<String> options = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FerryCli cli = (FerryCli) spec.root().userObject();
    PrintStream err = cli.err();
    FerryConfiguration conf = cli.configuration();
    FuseSettings settings = FuseSettings.from(conf);
    // the mount's own client: the FUSE settings bound its RPC timeout
    try (TransportSecurity tls = TransportSecurity.of(conf);
        FerryClient client = FerryClient.create(settings.clientConf(conf))) {
      PathStatus dir = mountedDirectory(client);
      if (!dir.isDirectory()) {
        err.println("ferry fuse: --path " + path + " is a file; mount a directory");
        return 2;
      }
      ProcessMetrics metrics = ProcessMetrics.of(conf);
      FuseMetrics.registerReads(metrics.registry(), client.readCounters());
      Duration slowOperation = conf.getDuration(PropertyKey.FUSE_SLOW_REQUEST_THRESHOLD);
      try (FuseMetrics fuseMetrics = metrics.instrument(r -> FuseMetrics.counting(r, slowOperation), FuseMetrics::off);
          FuseMount mount = FuseMount.mount(new FerryFuseFileSystem(client, path, settings, fuseMetrics), mountPoint,
              settings.mountOptions(options), MOUNT_TIMEOUT)) {
        Optional<WebServer> web = WebServer.start(WEB_BIND_HOST, conf.getInt(PropertyKey.FUSE_WEB_PORT),
            PropertyKey.FUSE_WEB_PORT.name(), tls, metrics, () -> notReadyBecause(mount, client));
        cli.out().println("Ferry " + dir.path() + " is mounted at " + mount.dir()
            + "; stop with Ctrl-C or SIGTERM");
        try {
          mount.awaitUnmount();
        } finally {
          web.ifPresent(WebServer::close);
        }
      }
      return 0;
    } catch (FerryException e) {
      err.println("ferry fuse: cannot mount " + path + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * The status of the directory to mount. A master that does not answer
   * within the mount's (short) RPC timeout is asked again until
   * MOUNT_TIMEOUT: a mount started with its master, or while the master's
   * host is busy, waits for it instead of failing at its first call.
   */
  private PathStatus mountedDirectory(FerryClient client) throws FerryException, InterruptedException {
    long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
    while (true) {
      try {
        return client.getStatus(path);
      } catch (FerryException e) {
        boolean masterAway = e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.DEADLINE_EXCEEDED;
        if (!masterAway || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(MASTER_RETRY_PAUSE.toMillis());
      }
    }
  }

  /** Ready while the kernel lists the mount and the master answers. */
  private static Optional<String> notReadyBecause(FuseMount mount, FerryClient client) {
    if (!MountPoints.isMounted(mount.dir())) {
      return Optional.of("not mounted at " + mount.dir());
    }
    try {
      client.ping();
      return Optional.empty();
    } catch (FerryException e) {
      return Optional.of("the master does not answer: " + e.getMessage());
    }
  }
}
