package io.ferry.s3;

/**
 * One byte range of a Range header ({@code bytes=first-last},
 * {@code bytes=first-}, {@code bytes=-suffix}) resolved against an object's length.
 */
public record ByteRange(long first, long last) {

  public long length() {
    return last - first + 1;
  }

  /**
   * The range {@code header} asks for of an object of {@code length} bytes;
   * null when the header is not a single byte range (S3 then sends the whole object).
   *
   * @throws S3Exception InvalidRange when the range starts beyond the object
   */
  public static ByteRange parse(String header, long length) throws S3Exception {
    if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String from = spec.substring(0, dash).trim();
      String to = spec.substring(dash + 1).trim();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix == 0 || length == 0) {
          throw invalid(length);
        }
        return new ByteRange(Math.max(0, length - suffix), length - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? length - 1 : Math.min(Long.parseLong(to), length - 1);
      if (first >= length) {
        throw invalid(length);
      }
      return first > last ? null : new ByteRange(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The Content-Range header of this range of an object of {@code total} bytes. */
  public String contentRange(long total) {
    return "bytes " + first + "-" + last + "/" + total;
  }

  private static S3Exception invalid(long length) {
    return new S3Exception("InvalidRange", 416, "The requested range is not satisfiable (the object has "
        + length + " bytes).", "");
  }
}
