package io.ferry.ufs.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
  private static final String URI = "s3://data/train/a.bin";
  private final HttpErrors errors = new HttpErrors("S3", "bucket", "data", "http://127.0.0.1:9000");

  @Test
  void unauthorizedAndForbiddenArePermissionDenied() {
    assertThat(HttpErrors.codeOf(401)).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(HttpErrors.codeOf(403)).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void notFoundIsNotFound() {
    assertThat(HttpErrors.codeOf(404)).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(HttpErrors.isNotFound(404)).isTrue();
    assertThat(HttpErrors.isNotFound(403)).isFalse();
  }

  @Test
  void throttledAndUnavailableAreUnavailable() {
    assertThat(HttpErrors.codeOf(429)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(HttpErrors.codeOf(503)).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void anyOtherStatusIsAnUnderStorageError() {
    for (int status : new int[] {400, 409, 412, 500, 502}) {
      assertThat(HttpErrors.codeOf(status)).as("HTTP %d", status).isEqualTo(ErrorCode.UFS_ERROR);
    }
  }

  @Test
  void permissionDeniedNamesTheUriTheStatusAndTheStoreCode() {
    FerryException e = errors.translate(403, "AccessDenied", URI, new IOException("403"));
    assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains(URI, "HTTP 403 AccessDenied", "credentials");
  }

  @Test
  void unavailableNamesTheServiceAndTheEndpoint() {
    FerryException e = errors.translate(503, null, URI, null);
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("S3 at http://127.0.0.1:9000 ").contains(URI);
  }

  @Test
  void anyOtherStatusNamesTheStatusAndTheStoreCode() {
    FerryException e = errors.translate(409, "OperationAborted", URI, null);
    assertThat(e.code()).isEqualTo(ErrorCode.UFS_ERROR);
    assertThat(e.getMessage()).isEqualTo("S3 failed on " + URI + ": HTTP 409 OperationAborted");
  }

  @Test
  void aMissingBucketNamesItsKindAndName() {
    FerryException e = new HttpErrors("Azure Blob", "container", "models", "http://127.0.0.1:10000/acct")
        .noSuchBucket("wasb://models@acct/", null);
    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(e.getMessage()).startsWith("No such container 'models' at http://127.0.0.1:10000/acct");
  }
}
