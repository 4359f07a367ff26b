package io.ferry.common.security;

import java.util.List;

/** An authenticated caller: its user name and the groups it belongs to (the first is its primary group). */
public record Identity(String user, List<String> groups) {
  public Identity {
    groups = List.copyOf(groups);
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }

  /** The primary group, or "" when it has none. */
  public String primaryGroup() {
    return groups.isEmpty() ? "" : groups.get(0);
  }
}
