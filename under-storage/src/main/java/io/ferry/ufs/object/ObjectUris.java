package io.ferry.ufs.object;

import io.ferry.common.error.FerryException;

/**
 * Maps keys of one bucket to URIs and back: {@code base} is the URI of the
 * bucket's top, e.g. {@code s3://bucket/} or {@code wasb://container@account/};
 * a key's URI is {@code base + key}. Trailing slashes are not part of a key.
 */
public record ObjectUris(String base) {
  public String uri(String key) {
    return base + key;
  }

  /** The key a URI names; INVALID_ARGUMENT if the URI is not in this bucket. */
  public String key(String uri) throws FerryException {
    String withSlash = uri.endsWith("/") ? uri : uri + "/";
    if (!withSlash.startsWith(base)) {
      throw FerryException.invalidArgument("'" + uri + "' is not below '" + base + "'");
    }
    String key = uri.length() > base.length() ? uri.substring(base.length()) : "";
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    if (key.startsWith("/") || key.contains("//")) {
      throw FerryException.invalidArgument("Empty path component in '" + uri + "'");
    }
    return key;
  }
}
