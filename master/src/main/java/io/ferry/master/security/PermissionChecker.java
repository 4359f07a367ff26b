package io.ferry.master.security;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.master.journal.proto.InodeRecord;
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

  private static void check(Identity who, String op, String path, String inodePath, InodeRecord inode, int access)
      throws FerryException {
    if (!allows(who, inode, access)) {
      throw denied(who, op, path, "needs " + describe(access) + " on " + inodePath + " " + describe(inode));
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
    Optional<Identity> who = checked();
    if (who.isPresent() && !who.get().user().equals(inode.getOwner())) {
      throw denied(who.get(), op, path, "only its owner " + inode.getOwner() + " may");
    }
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

  private static boolean allows(Identity who, InodeRecord inode, int access) {
    int shift = who.user().equals(inode.getOwner()) ? 6 : who.inGroup(inode.getGroup()) ? 3 : 0;
    int granted = (inode.getMode() >> shift) & 7;
    return (granted & access) == access;
  }

  private static String describe(int access) {
    if (access == 0) {
      return "nothing";
    }
    return ((access & READ) != 0 ? "r" : "") + ((access & WRITE) != 0 ? "w" : "") + ((access & EXECUTE) != 0 ? "x" : "");
  }

  private static String describe(InodeRecord inode) {
    StringBuilder mode = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = inode.getMode() >> shift;
      mode.append((bits & READ) != 0 ? 'r' : '-').append((bits & WRITE) != 0 ? 'w' : '-')
          .append((bits & EXECUTE) != 0 ? 'x' : '-');
    }
    return "(owner " + orDash(inode.getOwner()) + ", group " + orDash(inode.getGroup()) + ", mode " + mode + ")";
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
