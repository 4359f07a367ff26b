package io.ferry.worker.security;

import io.ferry.common.BlockIds;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.BlockAccess;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockCapability;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.WriteFileHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The worker's side of block capabilities: with authentication on, every
 * block read (gRPC or block transport) and every file write must carry a
 * capability the master signed for that file, and no block file is handed
 * to a client (short-circuit is off: a block file is the worker's own, and a
 * client running as the worker's OS user could read any of them). With
 * authentication NONE ({@link #OFF}) every check passes at once.
 */
public final class CapabilityGuard {
  public static final CapabilityGuard OFF = new CapabilityGuard(null, Instant::now);
  /** How long a capability this worker signs for its own copy of a block (replication) lasts. */
  private static final Duration COPY_LIFETIME = Duration.ofMinutes(10);
  /** The user a worker's own copies are signed for, in their capability. */
  private static final String WORKER_USER = "ferry-worker";

  private final BlockCapabilities capabilities;
  private final Supplier<Instant> clock;

  public CapabilityGuard(BlockCapabilities capabilities, Supplier<Instant> clock) {
    this.capabilities = capabilities;
    this.clock = clock;
  }

  /** On with authentication SIMPLE, TOKEN or MTLS, with the masters' block key. */
  public static CapabilityGuard from(FerryConfiguration conf) {
    if (AuthenticationType.ofServer(conf) == AuthenticationType.NONE) {
      return OFF;
    }
    return new CapabilityGuard(new BlockCapabilities(BlockKeyFile.read(conf)), Instant::now);
  }

  public boolean on() {
    return capabilities != null;
  }

  /** Passes a read of a block the request's capability covers (with the UFS file it names, if any). */
  public void checkRead(ReadBlockRequest request) throws FerryException {
    if (capabilities == null) {
      return;
    }
    long blockId = request.getBlockId();
    String ufsUri = request.hasSource() ? request.getSource().getUfsUri() : "";
    long mountId = request.hasSource() ? request.getSource().getMountId() : 0;
    capabilities.check(request.getCapability(), new BlockAccess(describe(blockId), BlockIds.fileId(blockId),
        BlockCapability.Access.READ, mountId, ufsUri), clock.get());
  }

  /** Passes a write of the file and UFS file the header names, if its capability covers them. */
  public void checkWrite(WriteFileHeader header) throws FerryException {
    if (capabilities == null) {
      return;
    }
    capabilities.check(header.getCapability(), new BlockAccess("writing file " + header.getFileId(),
        header.getFileId(), BlockCapability.Access.WRITE, header.getMountId(), header.getUfsUri()), clock.get());
  }

  /** Short-circuit (OpenLocalBlock) is refused with authentication on: see the class comment. */
  public void checkShortCircuit(long blockId) throws FerryException {
    if (capabilities != null) {
      throw new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + describe(blockId)
          + ": short-circuit reads are off with authentication on; read the block with ReadBlock");
    }
  }

  /** The capability this worker puts in its own read of a block from another (replication); "" when off. */
  public String forCopy(long blockId) {
    if (capabilities == null) {
      return "";
    }
    return capabilities.sign(new BlockCapability(BlockIds.fileId(blockId), BlockCapability.Access.READ, 0, "",
        WORKER_USER, clock.get().plus(COPY_LIFETIME)));
  }

  private static String describe(long blockId) {
    return "block " + blockId + " (file " + BlockIds.fileId(blockId) + ", index " + BlockIds.index(blockId) + ")";
  }
}
