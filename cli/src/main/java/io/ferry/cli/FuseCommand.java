package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.error.FerryException;
import io.ferry.fuse.FerryFuseFileSystem;
import io.ferry.fuse.FuseMount;
import io.ferry.fuse.FuseSettings;
import io.ferry.proto.FileInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    try (FerryClient client = FerryClient.create(settings.clientConf(conf))) {
      FileInfo dir = client.getStatus(path);
      if (!dir.getIsDirectory()) {
        err.println("ferry fuse: --path " + path + " is a file; mount a directory");
        return 2;
      }
      FerryFuseFileSystem fs = new FerryFuseFileSystem(client, path, settings);
      try (FuseMount mount = FuseMount.mount(fs, mountPoint, settings.mountOptions(options), MOUNT_TIMEOUT)) {
        cli.out().println("Ferry " + dir.getPath() + " is mounted at " + mount.dir()
            + "; stop with Ctrl-C or SIGTERM");
        mount.awaitUnmount();
      }
      return 0;
    } catch (FerryException e) {
      err.println("ferry fuse: cannot mount " + path + ": " + e.getMessage());
      return 1;
    }
  }
}
