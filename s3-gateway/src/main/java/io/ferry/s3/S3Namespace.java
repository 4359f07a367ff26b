package io.ferry.s3;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.util.Optional;

/**
 * The Ferry namespace seen as S3: the directories under '/' are the buckets,
 * the paths below them the keys. Names starting with '.' are not buckets
 * (S3 forbids them; the endpoint keeps its multipart parts there).
 */
public final class S3Namespace {
  private final FerryClient client;

  public S3Namespace(FerryClient client) {
    this.client = client;
  }

  public FerryClient client() {
    return client;
  }

  public static boolean isBucketName(String name) {
    return !name.isEmpty() && !name.startsWith(".");
  }

  /** The bucket's directory, or NoSuchBucket. */
  public PathStatus bucket(String bucket) throws S3Exception, FerryException {
    if (!isBucketName(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    Optional<PathStatus> status = statusOf("/" + bucket);
    if (status.isEmpty() || !status.get().isDirectory()) {
      throw S3Exception.noSuchBucket(bucket);
    }
    return status.get();
  }

  /**
   * The file of an object, or NoSuchKey, or NoSuchBucket. A key ending in
   * '/' names a directory (an S3 folder marker), any other a file. One
   * master call when the object exists: the bucket is only looked at to
   * tell the two errors apart.
   */
  public PathStatus object(String bucket, String key) throws S3Exception, FerryException {
    boolean marker = key.endsWith("/");
    Optional<PathStatus> status = !isBucketName(bucket) || key.isEmpty() ? Optional.empty()
        : statusOf("/" + bucket + "/" + key);
    if (status.isEmpty() || status.get().isDirectory() != marker) {
      bucket(bucket);
      throw S3Exception.noSuchKey("/" + bucket + "/" + key);
    }
    return status.get();
  }

  /** The status of {@code path}, empty when it does not exist. */
  public Optional<PathStatus> statusOf(String path) throws FerryException {
    try {
      return Optional.of(client.getStatus(path));
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.NOT_A_DIRECTORY) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
