package io.ferry.master.mount;

import io.ferry.common.error.FerryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/** Normalized UFS URIs, so that "/x", "file:///x/" and "file:///x/./y/.." compare equal. */
public final class UfsUris {
  private UfsUris() {}

  public static String normalize(String uri) throws FerryException {
    String u = uri.trim();
    if (u.startsWith("/")) {
      u = "file://" + u;
    } else if (u.startsWith("file:/") && !u.startsWith("file://")) {
      u = "file://" + u.substring("file:".length());
    }
    int sep = u.indexOf("://");
    if (sep <= 0) {
      throw FerryException.invalidArgument("Invalid UFS URI (expected scheme://... or an absolute path): " + uri);
    }
    String scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = u.substring(sep + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    Deque<String> parts = new ArrayDeque<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          throw FerryException.invalidArgument("Invalid UFS URI (escapes its root): " + uri);
        }
        parts.removeLast();
        continue;
      }
      parts.addLast(c);
    }
    return scheme + "://" + authority + "/" + String.join("/", parts);
  }

  /** True if normalized {@code uri} is {@code ancestor} or lies below it. */
  public static boolean isSameOrUnder(String uri, String ancestor) {
    return uri.equals(ancestor) || uri.startsWith(ancestor.endsWith("/") ? ancestor : ancestor + "/");
  }
}
