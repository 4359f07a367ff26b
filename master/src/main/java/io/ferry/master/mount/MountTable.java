package io.ferry.master.mount;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.metastore.MountListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mounts by Ferry path, kept in step with the metastore by the state
 * machine. Copy-on-write: mounts change rarely and are read on every call.
 */
public final class MountTable implements MountListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MountTable.class);

  private final Mount.UfsOpener opener;
  private final MountCredentials credentials;
  private volatile Map<String, Mount> byPath = Map.of();

  public MountTable(Mount.UfsOpener opener, MountCredentials credentials) {
    this.opener = opener;
    this.credentials = credentials;
  }

  /** How the mounts' credentials are stored. */
  public MountCredentials credentials() {
    return credentials;
  }

  /** The mount a path lies in: the mount point that is its longest prefix. */
  public Mount mountOf(String path) {
    Map<String, Mount> mounts = byPath;
    for (String p = path; p != null; p = FerryPath.parent(p)) {
      Mount m = mounts.get(p);
      if (m != null) {
        return m;
      }
    }
    throw new IllegalStateException("No mount covers " + path + " (the root mount is missing)");
  }

  public Optional<Mount> mountAt(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  public Optional<Mount> byId(long mountId) {
    return byPath.values().stream().filter(m -> m.id() == mountId).findFirst();
  }

  public Collection<Mount> all() {
    return byPath.values();
  }

  /** Mount points strictly below {@code path}. */
  public List<String> mountPointsBelow(String path) {
    List<String> out = new ArrayList<>();
    for (String p : byPath.keySet()) {
      if (!p.equals(path) && FerryPath.isSameOrUnder(p, path)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Fails with MOUNT_CONFLICT if {@code ferryPath} is a mount point already
   * or the UFS URI is equal to, inside or around another mount's.
   */
  public void checkConflicts(String ferryPath, String ufsUri) throws FerryException {
    Mount existing = byPath.get(ferryPath);
    if (existing != null) {
      throw new FerryException(ErrorCode.MOUNT_CONFLICT,
          "Cannot mount " + ufsUri + " at " + ferryPath + ": " + ferryPath + " is already a mount point of "
              + existing.ufsUri());
    }
    String uri = UfsUris.normalize(ufsUri);
    for (Mount m : byPath.values()) {
      if (UfsUris.isSameOrUnder(uri, m.normalizedUri()) || UfsUris.isSameOrUnder(m.normalizedUri(), uri)) {
        throw new FerryException(ErrorCode.MOUNT_CONFLICT,
            "Cannot mount " + ufsUri + " at " + ferryPath + ": it overlaps " + m.ufsUri() + " mounted at "
                + m.ferryPath());
      }
    }
  }

  @Override
  public synchronized void mountAdded(MountRecord record) {
    Mount mount;
    try {
      mount = new Mount(record, opener, credentials);
    } catch (FerryException e) {
      // Options and URI were validated before the entry was written.
      throw new IllegalStateException("Stored mount " + record.getFerryPath() + " is invalid: " + e.getMessage(), e);
    }
    Map<String, Mount> next = new TreeMap<>(byPath);
    Mount old = next.put(record.getFerryPath(), mount);
    if (old != null) {
      old.close();
    }
    byPath = Map.copyOf(next);
  }

  @Override
  public synchronized void mountRemoved(long mountId) {
    Map<String, Mount> next = new TreeMap<>(byPath);
    next.values().removeIf(m -> {
      if (m.id() == mountId) {
        m.close();
        return true;
      }
      return false;
    });
    byPath = Map.copyOf(next);
  }

  /** Loads the stored mounts at start. */
  public void load(List<MountRecord> records) {
    records.forEach(this::mountAdded);
    LOG.info("Loaded {} mount(s)", records.size());
  }

  /** Replaces every mount by the stored ones: after the metastore was restored from a snapshot. */
  public synchronized void reload(List<MountRecord> records) {
    Set<Long> stored = records.stream().map(MountRecord::getMountId).collect(Collectors.toSet());
    byPath.values().stream().map(Mount::id).filter(id -> !stored.contains(id)).toList().forEach(this::mountRemoved);
    load(records);
  }

  @Override
  public synchronized void close() {
    byPath.values().forEach(Mount::close);
    byPath = Map.of();
  }
}
