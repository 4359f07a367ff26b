package io.ferry.master.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import java.util.Set;

/**
 * Who may act as another user (HDFS's proxy users): a FUSE mount
 * authenticates as itself and acts for each local user that calls it. Only
 * the users of ferry.security.impersonation.users may; the user acted for
 * gets the groups the master's OS gives it.
 */
public final class Impersonation {
  private final Set<String> proxies;
  private final GroupLookup groups;

  public Impersonation(Set<String> proxies, GroupLookup groups) {
    this.proxies = Set.copyOf(proxies);
    this.groups = groups;
  }

  static Impersonation from(FerryConfiguration conf, GroupLookup groups) {
    return new Impersonation(UserNames.of(conf, PropertyKey.SECURITY_IMPERSONATION_USERS), groups);
  }

  /**
   * Whom a call of {@code authenticated} acts as: itself when it asks to act
   * as no one else ({@code actAs} null or its own user), else {@code actAs}
   * when it may impersonate; PERMISSION_DENIED naming both and the key otherwise.
   */
  public Identity actingAs(Identity authenticated, String actAs) throws FerryException {
    if (actAs == null || actAs.isBlank() || actAs.equals(authenticated.user())) {
      return authenticated;
    }
    if (!proxies.contains(authenticated.user())) {
      throw new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: user=" + authenticated.user()
          + " may not act as " + actAs + " (only the users of " + PropertyKey.SECURITY_IMPERSONATION_USERS
          + " may act for others)");
    }
    return new Identity(actAs, groups.groupsOf(actAs));
  }
}
