package io.ferry.master.mount;

import io.ferry.common.Replication;
import io.ferry.common.WriteTypeNames;
import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.FerryException;
import io.ferry.proto.TtlAction;
import io.ferry.proto.WriteType;
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
    Optional<Duration> ttl, TtlAction ttlAction, WriteType writeType, Map<String, String> ufsOptions) {
  private static final String SYNC_INTERVAL = MountOption.SYNC_INTERVAL.name();
  private static final String BLOCK_SIZE = MountOption.BLOCK_SIZE.name();
  private static final String REPLICATION = MountOption.REPLICATION.name();
  private static final String TTL = MountOption.TTL.name();
  private static final String TTL_ACTION = MountOption.TTL_ACTION.name();
  private static final String WRITE_TYPE = MountOption.WRITE_TYPE.name();

  /** Parses the master's options; a malformed one fails with INVALID_ARGUMENT naming it. */
  public static MountOptions parse(Map<String, String> options) throws FerryException {
    Map<String, String> ufs = new LinkedHashMap<>(options);
    Optional<Duration> sync = Optional.empty();
    long blockSize = 0;
    String raw = ufs.remove(SYNC_INTERVAL);
    if (raw != null) {
      sync = Optional.of(duration(SYNC_INTERVAL, raw));
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
    Optional<Duration> ttl = Optional.empty();
    raw = ufs.remove(TTL);
    if (raw != null) {
      ttl = Optional.of(duration(TTL, raw));
      if (ttl.get().isZero()) {
        throw FerryException.invalidArgument("Mount option " + TTL + " must be positive: " + raw);
      }
    }
    raw = ufs.remove(TTL_ACTION);
    TtlAction action = switch (raw == null ? "free" : raw) {
      case "free" -> TtlAction.TTL_FREE;
      case "delete" -> TtlAction.TTL_DELETE;
      default -> throw FerryException.invalidArgument("Mount option " + TTL_ACTION + " must be free or delete, not "
          + raw);
    };
    return new MountOptions(sync, blockSize, replication, ttl, action, writeType(ufs.remove(WRITE_TYPE)),
        Map.copyOf(ufs));
  }

  /** The write type an option names; WRITE_TYPE_UNSPECIFIED (the writer's default) when it is not set. */
  private static WriteType writeType(String raw) throws FerryException {
    if (raw == null) {
      return WriteType.WRITE_TYPE_UNSPECIFIED;
    }
    Optional<WriteType> type = WriteTypeNames.parse(raw);
    if (type.isEmpty()) {
      throw FerryException.invalidArgument("Mount option " + WRITE_TYPE + " must be " + WriteTypeNames.EXPECTED
          + ", not " + raw);
    }
    return type.get();
  }

  private static Duration duration(String name, String raw) throws FerryException {
    try {
      return PropertyType.parseDuration(raw);
    } catch (IllegalArgumentException e) {
      throw FerryException.invalidArgument("Malformed mount option " + name + "=" + raw + ": " + e.getMessage());
    }
  }
}
