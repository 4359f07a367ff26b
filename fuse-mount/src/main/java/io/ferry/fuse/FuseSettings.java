package io.ferry.fuse;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one FUSE mount, read from configuration: how long metadata
 * is cached (by the kernel and by the mount), the metadata RPC deadline, and
 * the libfuse options every mount gets unless the command line overrides them.
 *
 * @param metadataCacheTtl how long the mount answers getattr/lookup from its own cache; 0 disables it
 * @param rpcTimeout deadline of a metadata RPC made for a FUSE request (a dead master gives EIO after it)
 * @param entryTimeout kernel cache of name lookups (libfuse entry_timeout)
 * @param attrTimeout kernel cache of attributes (libfuse attr_timeout)
 * @param pageCache kernel page cache policy: kernel_cache, auto_cache or none (direct reads)
 * @param maxRead largest read request, in bytes (libfuse2 caps it at 128 KiB)
 */
public record FuseSettings(Duration metadataCacheTtl, Duration rpcTimeout, Duration entryTimeout,
    Duration attrTimeout, String pageCache, long maxRead) {

  public static FuseSettings from(FerryConfiguration conf) {
    return new FuseSettings(
        conf.getDuration(PropertyKey.FUSE_METADATA_CACHE_TTL),
        conf.getDuration(PropertyKey.FUSE_RPC_TIMEOUT),
        conf.getDuration(PropertyKey.FUSE_ENTRY_TIMEOUT),
        conf.getDuration(PropertyKey.FUSE_ATTR_TIMEOUT),
        conf.getString(PropertyKey.FUSE_PAGE_CACHE),
        conf.getBytes(PropertyKey.FUSE_MAX_READ));
  }

  /** The client configuration for the mount: metadata RPCs get the FUSE deadline. */
  public FerryConfiguration clientConf(FerryConfiguration conf) {
    return conf.toBuilder().set(PropertyKey.USER_RPC_TIMEOUT, rpcTimeout.toMillis() + "ms").build();
  }

  /**
   * The libfuse options of a mount, then {@code extra} (from -o) which may
   * override them. atomic_o_trunc makes open(O_TRUNC) arrive as one request,
   * so a truncating open can start a new write instead of failing.
   */
  public List<String> mountOptions(List<String> extra) {
    List<String> opts = new ArrayList<>();
    opts.add("big_writes");
    opts.add("atomic_o_trunc");
    opts.add("max_read=" + maxRead);
    // read replies made of block file spans go to the kernel by splice(2), not copied through this process
    opts.add("splice_write");
    opts.add("entry_timeout=" + seconds(entryTimeout));
    opts.add("attr_timeout=" + seconds(attrTimeout));
    opts.add("negative_timeout=0");
    // the kernel checks permissions against the modes getattr returns; root's mount serves every user
    opts.add("default_permissions");
    if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
      opts.add("allow_other");
    }
    switch (pageCache) {
      case "kernel_cache", "auto_cache" -> opts.add(pageCache);
      case "none" -> opts.add("direct_io");
      default -> throw new IllegalArgumentException("Unknown " + PropertyKey.FUSE_PAGE_CACHE
          + " '" + pageCache + "': expected kernel_cache, auto_cache or none");
    }
    opts.addAll(extra);
    return opts;
  }

  /** As libfuse wants it: seconds, with a fraction. */
  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
  }
}
