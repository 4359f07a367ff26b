package io.ferry.master.namespace;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;

/** Runs a UFS operation; failures that are not already FerryExceptions become UFS_ERROR naming the URI. */
@FunctionalInterface
interface UfsCall<T> {
  T call() throws IOException;

  static <T> T run(String uri, UfsCall<T> op) throws FerryException {
    try {
      return op.call();
    } catch (FerryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FerryException(ErrorCode.UFS_ERROR, "Under storage failed on " + uri + ": " + e, e);
    }
  }
}
