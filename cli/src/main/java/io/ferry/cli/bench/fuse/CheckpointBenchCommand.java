package io.ferry.cli.bench.fuse;

import io.ferry.cli.FerryCli;
import io.ferry.cli.bench.BenchConditions;
import io.ferry.client.FerryClient;
import io.ferry.client.MountEntry;
import io.ferry.client.PersistProgress;
import io.ferry.common.FerryPath;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.fuse.FerryFuseFileSystem;
import io.ferry.fuse.FuseMetrics;
import io.ferry.fuse.FuseMount;
import io.ferry.fuse.FuseSettings;
import io.ferry.ufs.MountOption;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry bench checkpoint}: one checkpoint ({@link CheckpointShards})
 * written in one run to tmpfs, through a Ferry FUSE mount with THROUGH
 * (straight to the under storage of --path, e.g. an S3 mount) and through a
 * mount with write-back (ASYNC_THROUGH); then how long the write-back copy
 * takes to reach the under storage ({@code ferry fs persist}). Before the
 * timed rounds, one write-back round is not timed: it warms this JVM, which
 * would otherwise compile the write path while it is timed (a long-lived
 * {@code ferry fuse} mount is warm); it is persisted and deleted before the
 * timed rounds, so that it holds no room they need.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
    description = "Checkpoint write throughput: tmpfs vs. a Ferry FUSE mount writing THROUGH to the under storage "
        + "vs. the same mount with write-back (ASYNC_THROUGH), and the write-back copy's time to persist.")
public final class CheckpointBenchCommand implements Callable<Integer> {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_EVERY = Duration.ofMillis(100);

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--size", defaultValue = "1GB", paramLabel = "BYTES",
      description = "Size of the checkpoint (default: 1GB).")
  String size;

  @Option(names = "--shards", defaultValue = "4", description = "Files written at once, one per rank (default: 4).")
  int shards;

  @Option(names = "--path", defaultValue = "/.ferry-bench-checkpoint", paramLabel = "PATH",
      description = "Ferry directory written to (e.g. in an S3 mount; replaced, removed at the end). Its mount must "
          + "not set the option write.type, which would override the write types compared.")
  String path;

  @Option(names = "--dir", defaultValue = "/dev/shm",
      description = "tmpfs directory for the tmpfs copy and the mount points (default: /dev/shm).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    FerryConfiguration conf = ((FerryCli) spec.root().userObject()).configuration();
    FuseSettings settings = FuseSettings.from(conf);
    CheckpointShards checkpoint = new CheckpointShards(shards, PropertyType.parseBytes(size), 18);
    String root = FerryPath.normalize(path);
    PrintStream log = System.err;
    Path base = Files.createTempDirectory(dir, "ferry-bench-checkpoint-");
    try (FerryClient through = FerryClient.create(clientConf(settings, conf, "THROUGH"));
        FerryClient writeback = FerryClient.create(clientConf(settings, conf, "ASYNC_THROUGH"))) {
      checkNoMountWriteType(through, root);
      replaceDirectory(through, root);
      warmUp(writeback, root, settings, base, checkpoint, log);
      log.println("Writing " + (checkpoint.totalBytes() >> 20) + " MiB to tmpfs …");
      double tmpfs = checkpoint.writeMbps(base.resolve("tmpfs"));
      log.println("… through the mount with THROUGH …");
      double throughMbps = writeThroughMount(through, root, "through", settings, base, checkpoint);
      log.println("… through the mount with write-back …");
      double writebackMbps = writeThroughMount(writeback, root, "writeback", settings, base, checkpoint);
      long written = System.nanoTime();
      log.println("Waiting for the write-back copy to be persisted …");
      awaitPersisted(writeback, FerryPath.join(root, "writeback"));
      double persistSeconds = (System.nanoTime() - written) / 1e9;
      CheckpointBenchResult result = new CheckpointBenchResult(root, checkpoint.totalBytes(), shards, tmpfs,
          throughMbps, writebackMbps, persistSeconds, BenchConditions.observe());
      System.out.println(json ? result.toJson() : result.toTable());
      through.delete(root, true);
      return 0;
    } finally {
      FuseBenchCommand.deleteTree(base);
    }
  }

  private static void warmUp(FerryClient writeback, String root, FuseSettings settings, Path base,
      CheckpointShards checkpoint, PrintStream log) throws Exception {
    log.println("Warming up (a write-back round, not timed) …");
    writeThroughMount(writeback, root, "warmup", settings, base, checkpoint);
    String warmup = FerryPath.join(root, "warmup");
    awaitPersisted(writeback, warmup);
    writeback.delete(warmup, true);
  }

  private static FerryConfiguration clientConf(FuseSettings settings, FerryConfiguration conf, String writeType) {
    return settings.clientConf(conf).toBuilder().set(PropertyKey.USER_WRITE_TYPE, writeType).build();
  }

  /** The mount's write type would win over the clients' (FUSE names none): the comparison would be void. */
  private static void checkNoMountWriteType(FerryClient client, String root) throws FerryException {
    MountEntry mount = client.getMountTable().stream().filter(m -> FerryPath.isSameOrUnder(root, m.ferryPath()))
        .max(Comparator.comparingInt(m -> m.ferryPath().length())).orElseThrow();
    String writeType = mount.options().get(MountOption.WRITE_TYPE.name());
    if (writeType != null) {
      throw FerryException.invalidArgument("The mount at " + mount.ferryPath() + " sets write.type=" + writeType
          + ", which overrides the write types this benchmark compares; use a path in a mount without it");
    }
  }

  private static void replaceDirectory(FerryClient client, String root) throws FerryException {
    try {
      client.delete(root, true);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
    }
    client.createDirectory(root, true);
  }

  private static double writeThroughMount(FerryClient client, String root, String name, FuseSettings settings,
      Path base, CheckpointShards checkpoint) throws Exception {
    Path mountDir = base.resolve("mnt-" + name);
    try (FuseMount mount = FuseMount.mount(new FerryFuseFileSystem(client, root, settings, FuseMetrics.off()),
        mountDir, settings.mountOptions(List.of()), MOUNT_TIMEOUT)) {
      return checkpoint.writeMbps(mount.dir().resolve(name));
    }
  }

  private static void awaitPersisted(FerryClient client, String ferryDir) throws Exception {
    PersistProgress progress = client.persist(ferryDir);
    while (!progress.done()) {
      Thread.sleep(POLL_EVERY.toMillis());
      progress = client.persist(ferryDir);
    }
  }
}
