package io.ferry.s3;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.util.List;

/**
 * Writes Ferry files for S3: a request body, or the concatenation of files
 * (CopyObject, multipart completion). Parent directories are created; an
 * existing file is replaced; a write that fails deletes what it wrote, so a
 * half-written object is never left behind.
 */
public final class FileWrites {
  private static final CreateOptions REPLACE = CreateOptions.DEFAULT.withOverwrite(true).withRecursive(true);

  private final FerryClient client;

  public FileWrites(FerryClient client) {
    this.client = client;
  }

  /** Writes the body of {@code request} to {@code path}; returns the new file. */
  public PathStatus writeBody(String path, S3Request request) throws S3Exception, IOException {
    return write(path, out -> RequestBody.copy(request, out));
  }

  /** Writes the bytes of {@code sources}, one after the other, to {@code path}; returns the new file. */
  public PathStatus concatenate(List<PathStatus> sources, String path) throws S3Exception, IOException {
    return write(path, out -> {
      for (PathStatus source : sources) {
        try (FerryInputStream in = client.openFile(source)) {
          in.transferTo(out);
        }
      }
    });
  }

  /** What {@link #write} writes. */
  public interface Content {
    void writeTo(FerryOutputStream out) throws S3Exception, IOException;
  }

  /** Writes {@code content} to {@code path}; returns the new file. */
  public PathStatus write(String path, Content content) throws S3Exception, IOException {
    FerryOutputStream out = client.createFile(path, REPLACE);
    try {
      content.writeTo(out);
      out.close();
    } catch (S3Exception | IOException | RuntimeException e) {
      discard(out, path, e);
      throw e;
    }
    return client.getStatus(path);
  }

  private void discard(FerryOutputStream out, String path, Exception failure) {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      client.delete(path, false);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
