package io.ferry.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User and group names (Ferry keeps names) to the numeric ids the kernel
 * wants, from /etc/passwd and /etc/group. A name this host does not know
 * maps to the id of the mount's own process, so its files stay usable.
 */
final class Owners {
  private static final Logger LOG = LoggerFactory.getLogger(Owners.class);

  private final Map<String, Long> uids;
  private final Map<String, Long> gids;
  private final long defaultUid;
  private final long defaultGid;

  Owners(Map<String, Long> uids, Map<String, Long> gids, long defaultUid, long defaultGid) {
    this.uids = uids;
    this.gids = gids;
    this.defaultUid = defaultUid;
    this.defaultGid = defaultGid;
  }

  static Owners ofThisHost() {
    com.sun.security.auth.module.UnixSystem self = new com.sun.security.auth.module.UnixSystem();
    return new Owners(idsByName(Path.of("/etc/passwd")), idsByName(Path.of("/etc/group")),
        self.getUid(), self.getGid());
  }

  long uid(String user) {
    return uids.getOrDefault(user, defaultUid);
  }

  long gid(String group) {
    return gids.getOrDefault(group, defaultGid);
  }

  /** The name of a uid, or its number as text when the host has no name for it. */
  String userName(long uid) {
    return nameOf(uids, uid);
  }

  String groupName(long gid) {
    return nameOf(gids, gid);
  }

  private static String nameOf(Map<String, Long> ids, long id) {
    return ids.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
        .orElse(String.valueOf(id));
  }

  /** name:x:id:... lines, as in /etc/passwd and /etc/group. */
  static Map<String, Long> idsByName(Path file) {
    Map<String, Long> out = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      LOG.warn("Cannot read {}: every owner shows as the mount's own user ({})", file, e.getMessage());
      return out;
    }
    for (String line : lines) {
      String[] f = line.split(":");
      if (f.length >= 3 && !line.startsWith("#")) {
        try {
          out.putIfAbsent(f[0], Long.parseLong(f[2]));
        } catch (NumberFormatException malformed) {
          // not an account line
        }
      }
    }
    return out;
  }
}
