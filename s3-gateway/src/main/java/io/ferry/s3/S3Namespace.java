package io.ferry.s3;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Ferry namespace seen as S3: the directories under '/' are the buckets,
 * the paths below them the keys. Names starting with '.' are not buckets
 * (S3 forbids them; the endpoint keeps its multipart parts there).
 */
public final class S3Namespace {
  private final FerryClient client;
  private final ListedStatuses listed;

  /** @param statusTtl how long the statuses of listed files answer for them (0: not at all) */
  public S3Namespace(FerryClient client, Duration statusTtl) {
    this.client = client;
    this.listed = new ListedStatuses(statusTtl);
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
   * '/' names a directory (an S3 folder marker), any other a file. A file
   * listed lately is answered from its listing; otherwise one master call
   * when the object exists: the bucket is only looked at to tell the two
   * errors apart.
   */
  public PathStatus object(String bucket, String key) throws S3Exception, FerryException {
    boolean marker = key.endsWith("/");
    String path = "/" + bucket + "/" + key;
    Optional<PathStatus> cached = marker ? Optional.empty() : listed.get(path);
    if (cached.isPresent()) {
      return cached.get();
    }
    Optional<PathStatus> status = !isBucketName(bucket) || key.isEmpty() ? Optional.empty() : statusOf(path);
    if (status.isEmpty() || status.get().isDirectory() != marker) {
      bucket(bucket);
      throw S3Exception.noSuchKey("/" + bucket + "/" + key);
    }
    return status.get();
  }

  /** The children of a directory; the files' statuses then answer {@link #object} for a while. */
  public List<PathStatus> children(String dirPath) throws FerryException {
    List<PathStatus> children = client.listStatus(dirPath);
    children.forEach(listed::put);
    return children;
  }

  /**
   * Forgets the listed statuses a change may have made stale: of the key,
   * or with an empty key (a bucket-wide change: DeleteObjects, DeleteBucket)
   * of every key of the bucket.
   */
  public void changed(String bucket, String key) {
    if (key.isEmpty()) {
      listed.forgetBelow("/" + bucket);
    } else if (key.endsWith("/")) {
      listed.forgetBelow("/" + bucket + "/" + key);
    } else {
      listed.forget("/" + bucket + "/" + key);
    }
  }

  /** Forgets the listed status of a file that turned out to have changed. */
  public void stale(PathStatus file) {
    listed.forget(file.path());
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
