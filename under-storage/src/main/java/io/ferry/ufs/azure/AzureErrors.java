package io.ferry.ufs.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;

/** Turns Azure SDK failures into FerryExceptions naming the URI, container or endpoint. */
final class AzureErrors {
  private final String container;
  private final String endpoint;

  AzureErrors(String container, String endpoint) {
    this.container = container;
    this.endpoint = endpoint;
  }

  FerryException translate(RuntimeException e, String uri) {
    if (e instanceof BlobStorageException b) {
      int status = b.getStatusCode();
      BlobErrorCode code = b.getErrorCode();
      if (status == 403 || status == 401) {
        return new FerryException(ErrorCode.PERMISSION_DENIED,
            "Access denied to " + uri + " (Azure says " + code + "): check the mount's credentials", e);
      }
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
        return noSuchContainer(uri, e);
      }
      if (status == 404) {
        return FerryException.notFound(uri);
      }
      if (status == 429 || status == 503) {
        return new FerryException(ErrorCode.UNAVAILABLE,
            "Azure Blob at " + endpoint + " is throttling or unavailable (still after retries) for " + uri, e);
      }
      return new FerryException(ErrorCode.UFS_ERROR,
          "Azure Blob failed on " + uri + ": " + code + " (HTTP " + status + ")", e);
    }
    if (isTransportFailure(e)) {
      return new FerryException(ErrorCode.UNAVAILABLE,
          "Cannot reach Azure Blob at " + endpoint + " for " + uri + ": " + e.getMessage(), e);
    }
    return new FerryException(ErrorCode.UFS_ERROR, "Azure Blob failed on " + uri + ": " + e, e);
  }

  /** The SDK wraps refused, reset and timed-out connections in runtime exceptions. */
  private static boolean isTransportFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  FerryException noSuchContainer(String uri, Throwable cause) {
    return new FerryException(ErrorCode.NOT_FOUND,
        "No such container '" + container + "' at " + endpoint + " (for " + uri + ")", cause);
  }
}
