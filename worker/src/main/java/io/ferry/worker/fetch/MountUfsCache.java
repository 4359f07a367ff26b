package io.ferry.worker.fetch;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.ferry.common.Secrets;
import io.ferry.proto.MountInfo;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.ufs.metrics.UfsMetrics;
import io.ferry.worker.master.MasterClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under storages by mount id, made from the master's full mount info
 * (credentials included) and kept while in use; one idle for a minute is
 * closed, so a remounted or changed mount is picked up again.
 */
public final class MountUfsCache implements UfsResolver, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(MountUfsCache.class);
  private static final Duration IDLE_EXPIRY = Duration.ofMinutes(1);

  private final MasterClient master;
  private final UfsMetrics metrics;
  private final LoadingCache<Long, UnderFileSystem> byMount;

  /** Under storages of the master's mounts, their calls counted in {@code metrics}. */
  public MountUfsCache(MasterClient master, UfsMetrics metrics) {
    this.master = master;
    this.metrics = metrics;
    this.byMount = Caffeine.newBuilder()
        .expireAfterAccess(IDLE_EXPIRY)
        .executor(Runnable::run) // close a dropped under storage at once, also on shutdown
        .removalListener((Long id, UnderFileSystem ufs, RemovalCause cause) -> closeQuietly(id, ufs))
        .build(this::connect);
  }

  @Override
  public UnderFileSystem forMount(long mountId) throws IOException {
    try {
      return byMount.get(mountId);
    } catch (CompletionException | UncheckedIOException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  private UnderFileSystem connect(long mountId) throws IOException {
    MountInfo mount = master.getMount(mountId);
    LOG.info("Opening under storage {} of mount {} ({}) with options {}", mount.getUfsUri(), mountId,
        mount.getFerryPath(), Secrets.mask(mount.getOptionsMap()));
    return metrics.meter(mount.getUfsUri(), UnderFileSystems.create(mount.getUfsUri(), mount.getOptionsMap()));
  }

  private static void closeQuietly(Long mountId, UnderFileSystem ufs) {
    if (ufs == null) {
      return;
    }
    try {
      ufs.close();
    } catch (IOException e) {
      LOG.warn("Cannot close the under storage of mount {}: {}", mountId, e.toString());
    }
  }

  @Override
  public void close() {
    byMount.invalidateAll();
  }
}
