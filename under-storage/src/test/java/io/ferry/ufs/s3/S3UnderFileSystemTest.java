package io.ferry.ufs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** S3-specific behaviour: multipart uploads, options and the errors of a bad mount. */
class S3UnderFileSystemTest {
  private static final String BUCKET = S3UnderFileSystemContractTest.BUCKET;

  @Test
  void fileLargerThanOnePartIsUploadedInPartsAndReadsBack() throws Exception {
    S3TestBuckets.create(BUCKET);
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.part-size", "5m");
    byte[] data = new byte[11 << 20];
    new Random(3).nextBytes(data);
    String uri = "s3://" + BUCKET + "/" + UUID.randomUUID() + "/big";
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://" + BUCKET + "/", options)) {
      try (UfsOutputStream out = ufs.create(uri, false)) {
        out.write(data);
      }
      try (InputStream in = ufs.open(uri, 0, -1)) {
        assertThat(Arrays.mismatch(in.readAllBytes(), data)).isEqualTo(-1);
      }
      assertThat(ufs.getStatus(uri).orElseThrow().fingerprint()).endsWith("-3\""); // a multipart ETag: 3 parts
    }
  }

  @Test
  void abortedMultipartUploadLeavesNoFile() throws Exception {
    S3TestBuckets.create(BUCKET);
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.part-size", "5m");
    String uri = "s3://" + BUCKET + "/" + UUID.randomUUID() + "/big";
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://" + BUCKET + "/", options)) {
      UfsOutputStream out = ufs.create(uri, false);
      out.write(new byte[6 << 20]);
      out.abort();
      out.close();
      assertThat(ufs.getStatus(uri)).isEmpty();
    }
  }

  @Test
  void theOpenUploadOfAWriterThatDiedIsAbortedByDeleteTemporaries() throws Exception {
    S3TestBuckets.create(BUCKET);
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.part-size", "5m");
    String key = UUID.randomUUID() + "/big";
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://" + BUCKET + "/", options)) {
      UfsOutputStream abandoned = ufs.create("s3://" + BUCKET + "/" + key, false);
      abandoned.write(new byte[6 << 20]); // one part uploaded; its writer dies: never closed nor aborted

      assertThat(ufs.deleteTemporaries("s3://" + BUCKET + "/" + key)).isEqualTo(1);

      assertThat(S3TestBuckets.openUploads(BUCKET, key)).isEmpty();
    }
  }

  @Test
  void wrongSecretKeyFailsPermissionDeniedWithoutShowingTheKey() throws Exception {
    S3TestBuckets.create(BUCKET);
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.secret-key", "not-the-secret-42");
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://" + BUCKET + "/data", options)) {
      assertThatThrownBy(() -> ufs.getStatus("s3://" + BUCKET + "/data"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessageContaining("Access denied to s3://" + BUCKET)
          .hasMessageNotContaining("not-the-secret-42");
    }
  }

  @Test
  void missingBucketFailsNotFoundNamingTheBucket() throws Exception {
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://no-such-bucket-x/", TestServers.s3().mountOptions())) {
      assertThatThrownBy(() -> ufs.getStatus("s3://no-such-bucket-x/"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessageContaining("no-such-bucket-x");
    }
  }

  @Test
  void unreachableEndpointFailsUnavailableQuicklyNamingTheEndpoint() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.endpoint", "http://127.0.0.1:" + closedPort);
    options.put("s3.max-retries", "1");
    long start = System.nanoTime();
    try (UnderFileSystem ufs = UnderFileSystems.create("s3://" + BUCKET + "/", options)) {
      assertThatThrownBy(() -> ufs.getStatus("s3://" + BUCKET + "/f"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
          .hasMessageContaining("http://127.0.0.1:" + closedPort);
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void unknownS3OptionFailsInvalidArgumentNamingIt() {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.endpiont", "http://x");
    assertThatThrownBy(() -> UnderFileSystems.create("s3://" + BUCKET + "/", options))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("s3.endpiont");
  }

  @Test
  void optionsOfOtherPrefixesAreIgnored() throws Exception {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("sync.interval", "5m");
    UnderFileSystems.create("s3://" + BUCKET + "/", options).close();
  }
}
