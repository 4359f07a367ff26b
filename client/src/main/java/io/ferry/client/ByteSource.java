package io.ferry.client;

/**
 * Bytes a {@link FerryOutputStream} copies straight into its chunk, e.g. from
 * FUSE's native request buffer, so they are copied once on their way to the
 * workers instead of through a buffer of the caller's first.
 */
@FunctionalInterface
public interface ByteSource {
  /** Copies {@code length} bytes, from {@code offset} of this source, into {@code dst} at {@code dstOffset}. */
  void copyTo(long offset, byte[] dst, int dstOffset, int length);
}
