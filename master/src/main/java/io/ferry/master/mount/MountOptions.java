package io.ferry.master.mount;

import io.ferry.common.Replication;
import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the mount options the master itself reads (Ferry's own in
 * {@link MountOption}); every other option is for the UFS factory.
 */
public record MountOptions(Optional<Duration> syncInterval, long blockSize, int replication,
    Map<String, String> ufsOptions) {
  private static final String SYNC_INTERVAL = MountOption.SYNC_INTERVAL.name();
  private static final String BLOCK_SIZE = MountOption.BLOCK_SIZE.name();
  private static final String REPLICATION = MountOption.REPLICATION.name();

  /** Parses the master's options; a malformed one fails with INVALID_ARGUMENT naming it. */
  public static MountOptions parse(Map<String, String> options) throws FerryException {
    Map<String, String> ufs = new LinkedHashMap<>(options);
    Optional<Duration> sync = Optional.empty();
    long blockSize = 0;
    String raw = ufs.remove(SYNC_INTERVAL);
    if (raw != null) {
      try {
        sync = Optional.of(PropertyType.parseDuration(raw));
      } catch (IllegalArgumentException e) {
        throw FerryException.invalidArgument("Malformed mount option " + SYNC_INTERVAL + "=" + raw + ": " + e.getMessage());
      }
    }
    raw = ufs.remove(BLOCK_SIZE);
    if (raw != null) {
      try {
        blockSize = PropertyType.parseBytes(raw);
      } catch (IllegalArgumentException e) {
        throw FerryException.invalidArgument("Malformed mount option " + BLOCK_SIZE + "=" + raw + ": " + e.getMessage());
      }
      if (blockSize <= 0) {
        throw FerryException.invalidArgument("Mount option " + BLOCK_SIZE + " must be positive: " + raw);
      }
    }
    int replication = Integer.parseInt(MountOption.REPLICATION.defaultValue().orElseThrow());
    raw = ufs.remove(REPLICATION);
    if (raw != null) {
      replication = Replication.parse(raw, "Mount option " + REPLICATION);
    }
    return new MountOptions(sync, blockSize, replication, Map.copyOf(ufs));
  }
}
