package io.ferry.ufs.object;

/**
 * What an object store says of one object. {@code etag} changes whenever the
 * content does; an object without one (some S3-compatible stores leave it
 * out) gets a version made of its length and modification time, so that it
 * is still cached, and re-read once it changes.
 */
public record ObjectInfo(String key, long length, long mtimeMs, String etag) {
  public ObjectInfo {
    etag = versionOf(etag, length, mtimeMs);
  }

  /** The object's ETag, or when it has none, a version made of its length and modification time. */
  public static String versionOf(String etag, long length, long mtimeMs) {
    return etag != null && !etag.isEmpty() ? etag : "length=" + length + ",mtime=" + mtimeMs;
  }
}
