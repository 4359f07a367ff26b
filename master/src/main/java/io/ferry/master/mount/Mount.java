package io.ferry.master.mount;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.proto.WriteType;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * One entry of the mount table with its under storage, created on first
 * use (so a UFS that is down does not stop the master from starting).
 */
public final class Mount implements AutoCloseable {
  private final MountRecord record;
  private final String normalizedUri;
  private final MountOptions options;
  private final UfsOpener opener;
  private final MountCredentials credentials;
  private UnderFileSystem ufs;

  /** Makes the UFS of a mount; UnderFileSystems::create in production. */
  @FunctionalInterface
  public interface UfsOpener {
    UnderFileSystem open(String rootUri, Map<String, String> options) throws IOException;
  }

  Mount(MountRecord record, UfsOpener opener, MountCredentials credentials) throws FerryException {
    this.record = record;
    this.normalizedUri = UfsUris.normalize(record.getUfsUri());
    this.options = MountOptions.parse(record.getOptionsMap());
    this.opener = opener;
    this.credentials = credentials;
  }

  public long id() {
    return record.getMountId();
  }

  public String ferryPath() {
    return record.getFerryPath();
  }

  public String ufsUri() {
    return record.getUfsUri();
  }

  String normalizedUri() {
    return normalizedUri;
  }

  public boolean readOnly() {
    return record.getReadOnly();
  }

  public MountRecord record() {
    return record;
  }

  /** Every option, credentials decrypted: for the workers that reach the under storage. */
  public Map<String, String> optionsWithCredentials() throws FerryException {
    return credentials.decrypted(record);
  }

  public Duration syncInterval(Duration defaultInterval) {
    return options.syncInterval().orElse(defaultInterval);
  }

  /** A new file below this mount at {@code nowMs}, with the mount's time to live if it has one. */
  public InodeRecord.Builder withTtl(InodeRecord.Builder file, long nowMs) {
    return options.ttl().isEmpty() ? file
        : file.setTtlExpiryMs(nowMs + options.ttl().get().toMillis()).setTtlAction(options.ttlAction());
  }

  /** The write type of new files below this mount whose writer names none; UNSPECIFIED = the writer's default. */
  public WriteType writeType() {
    return options.writeType();
  }

  /** The block size for new files below this mount; 0 = the configured default. */
  public long blockSize() {
    return options.blockSize();
  }

  /** The UFS URI of a Ferry path at or below this mount point. */
  public String ufsUri(String ferryPath) {
    String rel = ferryPath.equals(record.getFerryPath()) ? ""
        : record.getFerryPath().equals(FerryPath.ROOT) ? ferryPath
        : ferryPath.substring(record.getFerryPath().length());
    return UnderFileSystems.join(record.getUfsUri(), rel);
  }

  public synchronized UnderFileSystem ufs() throws FerryException {
    if (ufs == null) {
      try {
        // decrypted when first needed, so a key that does not fit fails here rather than in the state machine
        ufs = opener.open(record.getUfsUri(), MountOptions.parse(credentials.decrypted(record)).ufsOptions());
      } catch (FerryException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new FerryException(ErrorCode.UFS_ERROR,
            "Cannot open the under storage " + record.getUfsUri() + ": " + e.getMessage(), e);
      }
    }
    return ufs;
  }

  @Override
  public synchronized void close() {
    if (ufs != null) {
      try {
        ufs.close();
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(Mount.class).warn("Closing the under storage {} failed: {}",
            record.getUfsUri(), e.toString());
      }
      ufs = null;
    }
  }
}
