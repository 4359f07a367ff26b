package io.ferry.ufs.local;

import io.ferry.common.error.FerryException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Local under storage URIs: {@code file:///abs/path}, {@code file:/abs/path}
 * or a plain {@code /abs/path}, all naming the same file. The path is taken
 * literally (no percent-decoding), because Ferry builds child URIs by joining
 * names onto the mount's root URI.
 */
final class LocalUris {
  private static final String SCHEME = "file:";

  private LocalUris() {}

  static boolean isLocal(String uri) {
    return uri != null && (uri.startsWith(SCHEME) || uri.startsWith("/"));
  }

  /** The normalized absolute path a URI names; INVALID_ARGUMENT naming it if it is no local path. */
  static Path toPath(String uri) throws FerryException {
    if (uri == null) {
      throw FerryException.invalidArgument("Local under storage URI is missing");
    }
    String path = uri;
    if (path.startsWith(SCHEME + "//")) {
      path = path.substring(SCHEME.length() + 2); // "file:///a" -> "/a"; "file://host/a" -> "host/a": refused below
    } else if (path.startsWith(SCHEME)) {
      path = path.substring(SCHEME.length());
    }
    if (!path.startsWith("/")) {
      throw FerryException.invalidArgument(
          "Not a local absolute path (expected file:///abs/path or /abs/path): '" + uri + "'");
    }
    try {
      return Path.of(path).normalize();
    } catch (InvalidPathException e) {
      throw FerryException.invalidArgument("Invalid local path '" + uri + "': " + e.getReason());
    }
  }
}
