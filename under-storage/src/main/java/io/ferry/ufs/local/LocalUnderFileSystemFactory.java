package io.ferry.ufs.local;

import io.ferry.ufs.UfsBackend;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemFactory;
import java.io.IOException;
import java.util.Map;

/**
 * Serves {@code file://} URIs and absolute paths. A local directory has no
 * options of its own (the master refuses other backends' at mount time). The
 * root need not exist: the master checks it at mount time with getStatus.
 */
public final class LocalUnderFileSystemFactory implements UnderFileSystemFactory {
  @Override
  public boolean supports(String uri) {
    return LocalUris.isLocal(uri);
  }

  @Override
  public UfsBackend backend() {
    return UfsBackend.LOCAL;
  }

  @Override
  public UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException {
    return new LocalUnderFileSystem(rootUri);
  }
}
