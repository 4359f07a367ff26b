package io.ferry.master.security;

import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockCapability;
import io.ferry.common.security.Identity;
import io.ferry.proto.FileInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Puts a block capability into the answers that let a client at a file's
 * blocks, once the namespace has checked the caller's permission: READ with
 * the blocks of GetStatus and with the files of a listing the caller may
 * read, WRITE with CreateFile. Workers refuse block requests without one
 * when authentication is on; with NONE ({@link #OFF}) answers are left as
 * they are.
 */
public final class CapabilityIssuer {
  public static final CapabilityIssuer OFF =
      new CapabilityIssuer(null, PermissionChecker.OFF, Duration.ZERO, Instant::now);

  private final BlockCapabilities capabilities;
  private final PermissionChecker permissions;
  private final Duration lifetime;
  private final Supplier<Instant> clock;

  public CapabilityIssuer(BlockCapabilities capabilities, PermissionChecker permissions, Duration lifetime,
      Supplier<Instant> clock) {
    this.capabilities = capabilities;
    this.permissions = permissions;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** {@code file} with a READ capability, when it is a file and capabilities are on. */
  public FileInfo forRead(FileInfo file) {
    return withCapability(file, BlockCapability.Access.READ);
  }

  /**
   * An entry of a listing (whose directory and ancestors the listing checked) with a READ capability when
   * the caller may read it, as GetStatus would give it: a client opens the files of a listing without asking
   * the master again for each (a data loader reading a directory). An entry the caller may not read gets none.
   */
  public FileInfo forListed(FileInfo entry) {
    if (capabilities == null || !permissions.permits(entry, PermissionChecker.READ)) {
      return entry;
    }
    return forRead(entry);
  }

  /** {@code file}, just created, with a WRITE capability when capabilities are on. */
  public FileInfo forWrite(FileInfo file) {
    return withCapability(file, BlockCapability.Access.WRITE);
  }

  private FileInfo withCapability(FileInfo file, BlockCapability.Access access) {
    if (capabilities == null || file.getIsDirectory()) {
      return file;
    }
    String user = CallerContext.current().map(Identity::user).orElse("");
    BlockCapability capability = new BlockCapability(file.getId(), access, file.getMountId(), file.getUfsUri(),
        user, clock.get().plus(lifetime));
    return file.toBuilder().setCapability(capabilities.sign(capability)).build();
  }
}
