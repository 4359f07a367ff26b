package io.ferry.fuse;

import io.ferry.common.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.AbstractFuseFS;

/**
 * One jnr-fuse file system mounted at a directory, served by a daemon thread
 * running libfuse's blocking loop (the non-blocking form sleeps 2 s and
 * hides mount errors). A stale mount left at the directory by a killed
 * process is cleaned first. Closing it unmounts.
 */
public final class FuseMount implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);

  private final AbstractFuseFS fs;
  private final Path dir;
  private final Thread loop;
  private volatile Throwable failure;

  private FuseMount(AbstractFuseFS fs, Path dir, String[] args) {
    this.fs = fs;
    this.dir = dir;
    this.loop = DaemonThreads.thread("fuse-loop " + dir, () -> {
      try {
        fs.mount(dir, true, false, args);
      } catch (Throwable t) {
        failure = t;
      }
    });
  }

  /** Mounts {@code fs} at {@code dir} with libfuse options, waiting until the kernel lists the mount. */
  public static FuseMount mount(AbstractFuseFS fs, Path dir, List<String> options, Duration timeout)
      throws IOException, InterruptedException {
    Path target = dir.toAbsolutePath().normalize();
    if (MountPoints.isStale(target)) {
      LOG.warn("{} holds a stale FUSE mount (its process is gone); unmounting it first", target);
      MountPoints.unmount(target);
    } else if (MountPoints.isMounted(target)) {
      throw new IOException("Cannot mount at " + target + ": something is mounted there already "
          + "(unmount it with 'fusermount -u " + target + "' or choose another directory)");
    }
    Files.createDirectories(target);
    String[] args = options.stream().flatMap(o -> Stream.of("-o", o)).toArray(String[]::new);
    FuseMount mount = new FuseMount(fs, target, args);
    mount.loop.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!MountPoints.isMounted(target)) {
      if (!mount.loop.isAlive() || System.nanoTime() > deadline) {
        mount.close();
        throw new IOException("Cannot mount at " + target + " with options " + String.join(",", options)
            + (mount.failure != null ? ": " + mount.failure : ": libfuse gave up (see its message above)"));
      }
      Thread.sleep(20);
    }
    return mount;
  }

  public Path dir() {
    return dir;
  }

  /** Blocks while the file system is mounted (until SIGTERM/SIGINT or an unmount from outside). */
  public void awaitUnmount() throws InterruptedException {
    loop.join();
  }

  @Override
  public void close() {
    try {
      fs.umount();
    } catch (RuntimeException e) {
      LOG.warn("Unmounting {} failed: {}", dir, e.toString());
    }
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
