package io.ferry.worker.fetch;

import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;

/** The under storage of a mount. Callers do not close what they get: the resolver owns it. */
@FunctionalInterface
public interface UfsResolver {
  UnderFileSystem forMount(long mountId) throws IOException;
}
