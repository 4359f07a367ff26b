package io.ferry.ufs.object;

import java.io.Closeable;
import io.ferry.ufs.UfsInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The few primitives of one bucket or container that
 * {@link ObjectUnderFileSystem} builds a file system from. Keys have no
 * leading '/'. Every failure is a FerryException naming the URI of the key
 * (see {@link ObjectUris}), with PERMISSION_DENIED for refused credentials,
 * NOT_FOUND naming the bucket for a missing bucket and UNAVAILABLE naming the
 * endpoint for an unreachable one.
 */
public interface ObjectStore extends Closeable {
  /** Fails NOT_FOUND naming the bucket (container) if it does not exist. */
  void checkBucket() throws IOException;

  Optional<ObjectInfo> head(String key) throws IOException;

  /**
   * One page of at most {@code max} keys (objects and, when {@code delimited},
   * common prefixes ending in '/') starting with {@code prefix}, in key order.
   * The same {@code token} and {@code max} give the same page while the store
   * is unchanged.
   */
  ObjectPage list(String prefix, boolean delimited, String token, int max) throws IOException;

  /**
   * Reads {@code length} bytes ({@code -1}: to the end) from {@code offset};
   * empty if there is no such object; an empty stream past the end. The
   * stream's fingerprint is the ETag of the object read.
   */
  Optional<UfsInputStream> get(String key, long offset, long length) throws IOException;

  /** Stores a small object in one request (replacing any). */
  void put(String key, byte[] data, int length) throws IOException;

  MultipartUpload startMultipart(String key) throws IOException;

  /**
   * Aborts the multipart uploads of {@code key} still open, left by a writer
   * that died before it completed or aborted them, so that the store keeps
   * (and bills) no orphaned parts; how many. 0 where uncommitted parts
   * expire by themselves (Azure drops uncommitted blocks after a week).
   */
  default int abortOpenUploads(String key) throws IOException {
    return 0;
  }

  /** Copies an object within the bucket (replacing any at {@code dstKey}). */
  void copy(String srcKey, String dstKey) throws IOException;

  /** Deletes objects; missing ones are fine. */
  void delete(List<String> keys) throws IOException;
}
