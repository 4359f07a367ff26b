package io.ferry.fuse;

import io.ferry.client.FerryClient;
import io.ferry.client.cli.ErrorMessages;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.error.FerryException;
import io.ferry.proto.FileInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fuse MOUNTPOINT [--path /dir] [-o opt,…]}: mounts Ferry in the foreground. */
@Command(name = "ferry fuse", mixinStandardHelpOptions = true,
    description = "Mounts the Ferry namespace (or one directory of it) at MOUNTPOINT and serves it in the "
        + "foreground; SIGTERM or Ctrl-C unmounts it.")
public final class FerryFuse implements Callable<Integer> {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "Local directory to mount at (created if missing).")
  private Path mountPoint;

  @Option(names = "--path", defaultValue = "/", description = "Ferry directory to mount (default: /).")
  private String path;

  @Option(names = "-o", split = ",", paramLabel = "OPTION",
      description = "More libfuse options, e.g. -o allow_other,ro; they override the configured defaults.")
  private List<String> options = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new FerryFuse())
        .setExecutionExceptionHandler(ErrorMessages.printedAs("ferry fuse")).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    FerryConfiguration conf = FerryConfiguration.load();
    FuseSettings settings = FuseSettings.from(conf);
    try (FerryClient client = FerryClient.create(settings.clientConf(conf))) {
      FileInfo dir = client.getStatus(path);
      if (!dir.getIsDirectory()) {
        System.err.println("ferry fuse: --path " + path + " is a file; mount a directory");
        return 2;
      }
      FerryFuseFileSystem fs = new FerryFuseFileSystem(client, path, settings);
      try (FuseMount mount = FuseMount.mount(fs, mountPoint, settings.mountOptions(options), MOUNT_TIMEOUT)) {
        System.out.println("Ferry " + dir.getPath() + " is mounted at " + mount.dir()
            + "; stop with Ctrl-C or SIGTERM");
        mount.awaitUnmount();
      }
      return 0;
    } catch (FerryException e) {
      System.err.println("ferry fuse: cannot mount " + path + ": " + e.getMessage());
      return 1;
    }
  }
}
