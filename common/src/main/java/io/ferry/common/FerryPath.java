package io.ferry.common;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Paths in the Ferry namespace: absolute, '/'-separated, normalized (no empty,
 * "." or ".." components, no trailing slash except for the root).
 */
public final class FerryPath {
  public static final String ROOT = "/";
  /** POSIX NAME_MAX: longer components are refused like Linux does (ENAMETOOLONG). */
  public static final int MAX_NAME_BYTES = 255;
  /** POSIX PATH_MAX (Linux: 4096 bytes with the terminating NUL, which Ferry paths do not have). */
  public static final int MAX_PATH_BYTES = 4096;
  /** Most components of a path, as HDFS allows (its INodeDirectory.MAX_PATH_DEPTH). */
  public static final int MAX_DEPTH = 1000;
  /** How much of a path or name too long to use an error message shows. */
  private static final int SHOWN_CHARS = 120;

  private FerryPath() {}

  /**
   * Normalizes a user-supplied path; fails with INVALID_PATH naming it, or
   * NAME_TOO_LONG when it is beyond a limit (bytes, a name's bytes, depth).
   */
  public static String normalize(String path) throws FerryException {
    if (path == null || path.isEmpty()) {
      throw new FerryException(ErrorCode.INVALID_PATH, "Invalid path: empty");
    }
    if (!path.startsWith("/")) {
      throw new FerryException(ErrorCode.INVALID_PATH, "Invalid path (not absolute): " + path);
    }
    List<String> parts = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          throw new FerryException(ErrorCode.INVALID_PATH, "Invalid path (escapes the root): " + path);
        }
        parts.remove(parts.size() - 1);
        continue;
      }
      checkNameLimits(c, path);
      parts.add(c);
    }
    String normalized = parts.isEmpty() ? ROOT : "/" + String.join("/", parts);
    int bytes = utf8Length(normalized);
    if (bytes > MAX_PATH_BYTES) {
      throw new FerryException(ErrorCode.NAME_TOO_LONG, "Path too long: " + bytes + " bytes, at most "
          + MAX_PATH_BYTES + ": " + abbreviate(normalized));
    }
    if (parts.size() > MAX_DEPTH) {
      throw new FerryException(ErrorCode.NAME_TOO_LONG, "Path too deep: " + parts.size() + " levels, at most "
          + MAX_DEPTH + ": " + abbreviate(normalized));
    }
    return normalized;
  }

  /**
   * Checks a single file name (no '/'), as CreateFiles takes them: not
   * empty, not "." or "..", no '/' or NUL, at most {@link #MAX_NAME_BYTES} bytes.
   */
  public static void checkName(String name, String dir) throws FerryException {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new FerryException(ErrorCode.INVALID_PATH, "Invalid file name '" + abbreviate(name) + "' to create in "
          + dir);
    }
    checkNameLimits(name, dir + "/" + name);
  }

  private static void checkNameLimits(String name, String where) throws FerryException {
    if (name.indexOf('\0') >= 0) {
      throw new FerryException(ErrorCode.INVALID_PATH, "Invalid path (NUL character): "
          + abbreviate(where.replace("\0", "\\0")));
    }
    int bytes = utf8Length(name);
    if (bytes > MAX_NAME_BYTES) {
      throw new FerryException(ErrorCode.NAME_TOO_LONG, "File name too long: " + bytes + " bytes, at most "
          + MAX_NAME_BYTES + ": " + abbreviate(name));
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static String abbreviate(String s) {
    return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "…";
  }

  /** The components of a normalized path; empty for the root. */
  public static List<String> components(String normalized) {
    if (normalized.equals(ROOT)) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    Collections.addAll(out, normalized.substring(1).split("/"));
    return out;
  }

  /** The parent of a normalized path; null for the root. */
  public static String parent(String normalized) {
    if (normalized.equals(ROOT)) {
      return null;
    }
    int slash = normalized.lastIndexOf('/');
    return slash == 0 ? ROOT : normalized.substring(0, slash);
  }

  /** The last component of a normalized path; "" for the root. */
  public static String name(String normalized) {
    return normalized.substring(normalized.lastIndexOf('/') + 1);
  }

  public static String join(String parent, String child) {
    return parent.equals(ROOT) ? "/" + child : parent + "/" + child;
  }

  /** True if {@code path} is {@code ancestor} or lies below it (both normalized). */
  public static boolean isSameOrUnder(String path, String ancestor) {
    if (ancestor.equals(ROOT)) {
      return true;
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
