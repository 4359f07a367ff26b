package io.ferry.s3;

import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.io.OutputStream;

/** GetObject and HeadObject: the object's headers, its bytes or a range of them, conditional headers honoured. */
public final class ObjectReads {
  private static final int BUFFER = 1 << 20;

  private final S3Namespace namespace;

  public ObjectReads(S3Namespace namespace) {
    this.namespace = namespace;
  }

  public void head(S3Request request, S3Response response) throws S3Exception, IOException {
    PathStatus file = namespace.object(request.bucket(), request.key());
    if (answeredNotModified(request, response, file)) {
      return;
    }
    ByteRange range = range(request, response, file);
    response.headOnly(range == null ? 200 : 206, range == null ? length(file) : range.length());
  }

  public void get(S3Request request, S3Response response) throws S3Exception, IOException {
    get(request, response, namespace.object(request.bucket(), request.key()));
  }

  /**
   * Answers for {@code file}. The headers go out after the first bytes are
   * read: a file that changed in its under storage since its status was
   * taken is then read at its current version (FerryInputStream), and the
   * answer is made again for that version, never headers of one version
   * with bytes of another.
   */
  private void get(S3Request request, S3Response response, PathStatus file) throws S3Exception, IOException {
    if (answeredNotModified(request, response, file)) {
      return;
    }
    ByteRange range = range(request, response, file);
    long first = range == null ? 0 : range.first();
    long length = range == null ? length(file) : range.length();
    if (length == 0) { // an empty file or a folder marker: nothing to open
      response.body(200, 0).close();
      return;
    }
    byte[] buffer = new byte[(int) Math.min(BUFFER, length)];
    try (FerryInputStream in = namespace.client().openFile(file)) {
      in.seek(first);
      int n = Math.max(0, in.read(buffer, 0, buffer.length)); // an early end (-1) fails in copy
      if (in.status() != file) {
        namespace.stale(file);
        get(request, response, in.status());
        return;
      }
      try (OutputStream out = response.body(range == null ? 200 : 206, length)) {
        out.write(buffer, 0, n);
        copy(in, out, buffer, length - n);
      }
    }
  }

  /** The length of an object: 0 for a folder marker. */
  private static long length(PathStatus file) {
    return file.isDirectory() ? 0 : file.length();
  }

  /** Sets the object's headers; answers 304 when a precondition says so (a failed one throws 412). */
  private static boolean answeredNotModified(S3Request request, S3Response response, PathStatus file)
      throws S3Exception, IOException {
    response.header("ETag", ETags.of(file))
        .header("Last-Modified", HttpDates.http(file.mtimeMs()))
        .header("Accept-Ranges", "bytes")
        .header("Content-Type", "application/octet-stream");
    if (Preconditions.check(request, file) == Preconditions.Outcome.NOT_MODIFIED) {
      response.empty(304);
      return true;
    }
    return false;
  }

  /** The range asked for (its Content-Range set), or null for the whole object. */
  private static ByteRange range(S3Request request, S3Response response, PathStatus file) throws S3Exception {
    ByteRange range = request.header("Range").isEmpty() ? null
        : ByteRange.parse(request.header("Range").get(), length(file));
    if (range != null) {
      response.header("Content-Range", range.contentRange(length(file)));
    }
    return range;
  }

  private static void copy(FerryInputStream in, OutputStream out, byte[] buffer, long length) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("The object ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }
}
