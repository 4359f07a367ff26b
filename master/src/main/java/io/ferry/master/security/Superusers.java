package io.ferry.master.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.Identity;
import java.util.Set;

/** Who passes every permission check: the master's own user, ferry.security.superusers, ferry.security.supergroup. */
public final class Superusers {
  private final Set<String> users;
  private final String group;

  public Superusers(Set<String> users, String group) {
    this.users = Set.copyOf(users);
    this.group = group;
  }

  public static Superusers from(FerryConfiguration conf) {
    Set<String> users = UserNames.of(conf, PropertyKey.SECURITY_SUPERUSERS);
    users.add(System.getProperty("user.name"));
    return new Superusers(users, conf.getString(PropertyKey.SECURITY_SUPERGROUP).trim());
  }

  public boolean includes(Identity who) {
    return users.contains(who.user()) || (!group.isEmpty() && who.inGroup(group));
  }
}
