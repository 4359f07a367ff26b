package io.ferry.ufs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;

/** An under storage still throttled the call (HTTP 429 or 503) after its client's retries: UNAVAILABLE, counted apart. */
public final class ThrottledException extends FerryException {
  public ThrottledException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
