package io.ferry.s3;

import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** GetObject and HeadObject: the object's headers, its bytes or a range of them, conditional headers honoured. */
public final class ObjectReads {
  /** The bytes read and sent at a time. */
  private static final int CHUNK = 1 << 20;
  /** The bytes read before the headers go out (see get); the rest of a cached block is sent from its file. */
  private static final int FIRST_CHUNK = 64 << 10;

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
   * Answers for {@code file}. The headers go out with the first bytes read:
   * a file that changed in its under storage since its status was taken is
   * then read at its current version (FerryInputStream), and the answer is
   * made again for that version, never headers of one version with bytes of
   * another.
   */
  private void get(S3Request request, S3Response response, PathStatus file) throws S3Exception, IOException {
    if (answeredNotModified(request, response, file)) {
      return;
    }
    ByteRange range = range(request, response, file);
    long first = range == null ? 0 : range.first();
    long length = range == null ? length(file) : range.length();
    if (length == 0) { // an empty file or a folder marker: nothing to open
      response.empty(200);
      return;
    }
    PathStatus current;
    try (FerryInputStream in = namespace.client().openFile(file);
        ResponseBody body = response.body(range == null ? 200 : 206, length)) {
      ByteBuffer chunk = fill(in, first, body.chunk((int) Math.min(FIRST_CHUNK, length)));
      current = in.status();
      if (current == file) {
        body.send(chunk);
        send(in, first + chunk.position(), length - chunk.position(), body);
        return;
      }
    }
    namespace.stale(file);
    get(request, response, current);
  }

  private static int chunkSize(long left) {
    return (int) Math.min(CHUNK, left);
  }

  /**
   * Sends {@code length} bytes of {@code in} from {@code position}: spans
   * of block files of this host as they are (sendfile), other bytes a chunk
   * at a time.
   */
  private static void send(FerryInputStream in, long position, long length, ResponseBody body) throws IOException {
    OpenedSpan span = new OpenedSpan();
    for (long left = length; left > 0; ) {
      long at = position + length - left;
      if (in.handOverLocal(at, (int) Math.min(Integer.MAX_VALUE, left), span) > 0) {
        body.sendFile(span.file, span.offset, span.length);
        left -= span.length;
      } else {
        ByteBuffer chunk = fill(in, at, body.chunk(chunkSize(left)));
        body.send(chunk);
        left -= chunk.position();
      }
    }
  }

  /** The span of a block file the stream handed over, opened (it stays readable if the worker evicts it). */
  private static final class OpenedSpan implements FerryInputStream.LocalBytesTaker {
    private FileChannel file;
    private long offset;
    private int length;

    @Override
    public boolean take(Path blockFile, long offset, int length) {
      try {
        this.file = FileChannel.open(blockFile, StandardOpenOption.READ);
      } catch (IOException e) {
        return false; // gone or not readable: the bytes are read instead
      }
      this.offset = offset;
      this.length = length;
      return true;
    }
  }

  /** Fills {@code chunk} from {@code position} of {@code in} (a positional read: one copy into it). */
  private static ByteBuffer fill(FerryInputStream in, long position, ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      int n = in.read(position + chunk.position(), chunk);
      if (n < 0) {
        throw new IOException("The object ended " + chunk.remaining() + " bytes early");
      }
    }
    return chunk;
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
}
