package io.ferry.ufs.object;

import java.io.IOException;

/**
 * An object uploaded in parts (S3 multipart upload, Azure staged blocks).
 * Nothing is visible until {@link #complete()}; {@link #abort()} drops the parts.
 */
public interface MultipartUpload {
  /** Uploads part {@code number} (1, 2, …), in order. */
  void uploadPart(int number, byte[] data, int length) throws IOException;

  void complete() throws IOException;

  void abort() throws IOException;
}
