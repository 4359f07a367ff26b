package io.ferry.ufs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.util.Map;
import java.util.ServiceLoader;

/** Picks the factory for a URI and makes the under storage. */
public final class UnderFileSystems {
  private UnderFileSystems() {}

  public static UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException {
    return factoryFor(rootUri).create(rootUri, options);
  }

  /** The kind of under storage a URI names; INVALID_ARGUMENT if none serves it. */
  public static UfsBackend backendOf(String rootUri) throws FerryException {
    return factoryFor(rootUri).backend();
  }

  private static UnderFileSystemFactory factoryFor(String rootUri) throws FerryException {
    for (UnderFileSystemFactory f : ServiceLoader.load(UnderFileSystemFactory.class)) {
      if (f.supports(rootUri)) {
        return f;
      }
    }
    throw new FerryException(ErrorCode.INVALID_ARGUMENT,
        "No under storage supports the URI '" + rootUri + "' (known: file:// or an absolute path, s3://, wasb:// or abfs://, hdfs://)");
  }

  /** The URI of {@code relative} (a '/'-separated path, may be empty) below {@code rootUri}. */
  public static String join(String rootUri, String relative) {
    if (relative == null || relative.isEmpty() || relative.equals("/")) {
      return rootUri;
    }
    String rel = relative.startsWith("/") ? relative.substring(1) : relative;
    return rootUri.endsWith("/") ? rootUri + rel : rootUri + "/" + rel;
  }
}
