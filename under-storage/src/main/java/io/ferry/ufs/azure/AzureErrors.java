package io.ferry.ufs.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.object.HttpErrors;

/** Turns Azure SDK failures into FerryExceptions through the object stores' shared table. */
final class AzureErrors {
  private final HttpErrors http;

  AzureErrors(String container, String endpoint) {
    this.http = new HttpErrors("Azure Blob", "container", container, endpoint);
  }

  FerryException translate(RuntimeException e, String uri) {
    if (e instanceof BlobStorageException b) {
      BlobErrorCode code = b.getErrorCode();
      return BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) ? noSuchContainer(uri, e)
          : http.translate(b.getStatusCode(), code, uri, e);
    }
    if (isTransportFailure(e)) {
      return http.unreachable(uri, e);
    }
    return http.failed(uri, e.toString(), e);
  }

  /** A 404 answer: no such blob (a missing container has its own error code). */
  static boolean isNotFound(RuntimeException e) {
    return e instanceof BlobStorageException b && HttpErrors.isNotFound(b.getStatusCode());
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
    return http.noSuchBucket(uri, cause);
  }
}
