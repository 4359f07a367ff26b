package io.ferry.ufs;

import java.io.IOException;
import java.util.Map;

/**
 * Makes {@link UnderFileSystem}s for the URI schemes it knows. Found with
 * {@link java.util.ServiceLoader} (META-INF/services).
 */
public interface UnderFileSystemFactory {
  /** True if this factory serves the URI (by its scheme). */
  boolean supports(String uri);

  /** The kind of under storage it makes: which mount options apply to it. */
  UfsBackend backend();

  /**
   * An under storage rooted at {@code rootUri}, configured by mount options.
   * An unknown or malformed option fails with INVALID_ARGUMENT naming it.
   */
  UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException;
}
