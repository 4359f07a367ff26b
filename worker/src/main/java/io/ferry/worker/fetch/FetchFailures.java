package io.ferry.worker.fetch;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.UfsBlockSource;

/** The failures of a fetch from the UFS that found other bytes than the request's version. */
final class FetchFailures {
  private FetchFailures() {}

  /** The UFS file is at {@code version}, not the request's: nothing fetched may be cached. */
  static FerryException changed(UfsBlockSource source, String version) {
    return new FerryException(ErrorCode.FILE_CHANGED, "The UFS file " + source.getUfsUri()
        + " changed since its status was taken (fingerprint " + source.getFingerprint() + ", now " + version
        + "): read it again with a fresh status");
  }

  /** The UFS file ended before the range the request's status promised. */
  static FerryException shortRead(UfsBlockSource source, long ufsOffset, long expected, long copied) {
    return new FerryException(ErrorCode.DATA_LOST, "The UFS file " + source.getUfsUri() + " changed: expected "
        + expected + " bytes at offset " + ufsOffset + " but it has only " + copied);
  }
}
