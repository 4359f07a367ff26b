package io.ferry.master.security;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.proto.FileInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * POSIX permission checks of namespace operations, for the caller of the
 * current call. Without a caller (authentication NONE, or the master's own
 * work) everything is allowed and created inodes keep the owner and mode the
 * request asks for. Superusers pass every check.
 */
public final class PermissionChecker {
  public static final int READ = 4;
  public static final int WRITE = 2;
  public static final int EXECUTE = 1;
  private static final int STICKY = 01000;

  /** Checks nothing: authentication NONE. */
  public static final PermissionChecker OFF =
      new PermissionChecker(Optional::empty, new Superusers(Set.of(), ""), 0);

  private final Supplier<Optional<Identity>> caller;
  private final Superusers superusers;
  private final int umask;

  public PermissionChecker(Supplier<Optional<Identity>> caller, Superusers superusers, int umask) {
    this.caller = caller;
    this.superusers = superusers;
    this.umask = umask;
  }

  /** True when the current call has a caller whose permissions count (not a superuser either). */
  public boolean active() {
    return caller.get().filter(who -> !superusers.includes(who)).isPresent();
  }

  /**
   * {@code chain} holds the inodes from '/' along {@code path} (as far as
   * they exist): the caller needs execute on each but the last, and
   * {@code access} (READ, WRITE, EXECUTE bits; 0 for none) on the last.
   */
  public void check(String op, String path, List<InodeRecord> chain, int access) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isEmpty()) {
      return;
    }
    List<String> names = FerryPath.components(path);
    String at = FerryPath.ROOT;
    for (int i = 0; i < chain.size(); i++) {
      boolean last = i == chain.size() - 1;
      check(who.get(), op, path, at, chain.get(i), last ? access : EXECUTE);
      if (!last) {
        at = FerryPath.join(at, names.get(i));
      }
    }
  }

  /** {@code access} on the inode at {@code path}. */
  public void checkAccess(String op, String path, InodeRecord inode, int access) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isPresent()) {
      check(who.get(), op, path, path, inode, access);
    }
  }

  /** {@code access} on an entry of a listing (the listing checked its ancestors). */
  public void checkAccess(String op, FileInfo entry, int access) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isPresent() && !allows(who.get(), entry.getOwner(), entry.getGroup(), entry.getMode(), access)) {
      throw denied(who.get(), op, entry.getPath(), "needs " + describe(access) + " on " + entry.getPath() + " "
          + describe(entry.getOwner(), entry.getGroup(), entry.getMode()));
    }
  }

  /** Whether the caller has {@code access} on an entry of a listing: {@link #checkAccess} would pass. */
  public boolean permits(FileInfo entry, int access) {
    return checked().map(who -> allows(who, entry.getOwner(), entry.getGroup(), entry.getMode(), access))
        .orElse(true);
  }

  private static void check(Identity who, String op, String path, String inodePath, InodeRecord inode, int access)
      throws FerryException {
    if (!allows(who, inode.getOwner(), inode.getGroup(), inode.getMode(), access)) {
      throw denied(who, op, path, "needs " + describe(access) + " on " + inodePath + " "
          + describe(inode.getOwner(), inode.getGroup(), inode.getMode()));
    }
  }

  /** In a sticky directory only the owner of the entry or of the directory may remove or rename the entry. */
  public void checkSticky(String op, String path, InodeRecord parent, InodeRecord entry) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isPresent() && (parent.getMode() & STICKY) != 0 && !who.get().user().equals(parent.getOwner())
        && !who.get().user().equals(entry.getOwner())) {
      throw denied(who.get(), op, path, FerryPath.parent(path) + " is sticky and " + path + " is owned by "
          + entry.getOwner());
    }
  }

  /** chmod and utimens: the owner only. */
  public void checkOwner(String op, String path, InodeRecord inode) throws FerryException {
    checkOwner(op, path, inode.getOwner());
  }

  /** What {@code owner} started (a load job, named by {@code what}): its owner only. */
  public void checkOwner(String op, String what, String owner) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isPresent() && !who.get().user().equals(owner)) {
      throw denied(who.get(), op, what, "only its owner " + orDash(owner) + " may");
    }
  }

  /** Whether the current caller may see what {@code owner} started: {@link #checkOwner} would pass. */
  public boolean isOwnerOrExempt(String owner) {
    return checked().map(who -> who.user().equals(owner)).orElse(true);
  }

  /** chown: a new owner takes a superuser; a new group, the owner being a member of it. */
  public void checkChown(String op, String path, InodeRecord inode, String owner, String group)
      throws FerryException {
    Optional<Identity> who = checked();
    if (who.isEmpty()) {
      return;
    }
    if (!owner.isEmpty() && !owner.equals(inode.getOwner())) {
      throw denied(who.get(), op, path, "only a superuser may change the owner");
    }
    if (!group.isEmpty() && !group.equals(inode.getGroup())) {
      checkOwner(op, path, inode);
      if (!who.get().inGroup(group)) {
        throw denied(who.get(), op, path, who.get().user() + " is not in group " + group);
      }
    }
  }

  /** Mount and unmount: superusers only. */
  public void checkSuperuser(String op, String path) throws FerryException {
    Optional<Identity> who = checked();
    if (who.isPresent()) {
      throw denied(who.get(), op, path, "only a superuser may");
    }
  }

  /** The owner of what the current call creates: the caller, else what the request names. */
  public String owner(String requested) {
    return caller.get().map(Identity::user).orElse(requested);
  }

  /** The group of what the current call creates: its parent's (as in HDFS), or what the request names. */
  public String group(String requested, InodeRecord parent) {
    return caller.get().isPresent() ? parent.getGroup() : requested;
  }

  /** The mode of what the current call creates: ferry.security.umask cleared for a caller. */
  public int mode(int requested) {
    return caller.get().isPresent() ? requested & ~umask : requested;
  }

  /** The caller whose permissions are checked; empty when none is or a superuser calls. */
  private Optional<Identity> checked() {
    return caller.get().filter(who -> !superusers.includes(who));
  }

  private static boolean allows(Identity who, String owner, String group, int mode, int access) {
    int shift = who.user().equals(owner) ? 6 : who.inGroup(group) ? 3 : 0;
    int granted = (mode >> shift) & 7;
    return (granted & access) == access;
  }

  private static String describe(int access) {
    if (access == 0) {
      return "nothing";
    }
    return ((access & READ) != 0 ? "r" : "") + ((access & WRITE) != 0 ? "w" : "") + ((access & EXECUTE) != 0 ? "x" : "");
  }

  private static String describe(String owner, String group, int mode) {
    StringBuilder bits = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = mode >> shift;
      bits.append((b & READ) != 0 ? 'r' : '-').append((b & WRITE) != 0 ? 'w' : '-')
          .append((b & EXECUTE) != 0 ? 'x' : '-');
    }
    return "(owner " + orDash(owner) + ", group " + orDash(group) + ", mode " + bits + ")";
  }

  /** The root and entries made without authentication have no owner or group: shown as '-'. */
  private static String orDash(String name) {
    return name.isEmpty() ? "-" : name;
  }

  private static FerryException denied(Identity who, String op, String path, String why) {
    return new FerryException(ErrorCode.PERMISSION_DENIED,
        "Permission denied: user=" + who.user() + ", operation=" + op + ", path=" + path + ": " + why);
  }
}
