package io.ferry.client.hadoop;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;

/**
 * A ferry:// output stream. {@link #hflush} and {@link #hsync} publish what
 * was written so far: the file is completed (new readers see every byte; its
 * write type decides where it is durable: THROUGH and CACHE_THROUGH in the
 * under storage, ASYNC_THROUGH on its durable workers, MUST_CACHE on one
 * worker) and the next write goes on as an append
 * ({@link FerryClient#appendFile}), which copies the file first: a sync
 * costs a copy of the file, so it suits checkpoints and commit points, not
 * every record of a log.
 */
final class FerryFSOutputStream extends OutputStream implements Syncable, StreamCapabilities {
  private final FerryClient client;
  private final String path;
  /** The file being written; null after a sync, until the next write reopens it. */
  private FerryOutputStream out;
  private boolean closed;

  FerryFSOutputStream(FerryClient client, String path, FerryOutputStream out) {
    this.client = client;
    this.path = path;
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    current().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    current().write(b, off, len);
  }

  private FerryOutputStream current() throws IOException {
    if (closed) {
      throw new IOException("Stream closed: " + path);
    }
    if (out == null) {
      try {
        out = client.appendFile(path);
      } catch (FerryException e) {
        throw HadoopExceptions.of(e, path);
      }
    }
    return out;
  }

  /** Completes the file with every byte written so far: new readers see them. */
  @Override
  public void hflush() throws IOException {
    if (closed) {
      throw new IOException("Stream closed: " + path);
    }
    publish();
  }

  /** As {@link #hflush}: once the file is complete, it is as durable as its write type makes any file. */
  @Override
  public void hsync() throws IOException {
    hflush();
  }

  private void publish() throws IOException {
    if (out != null) {
      FerryOutputStream written = out;
      out = null;
      written.close();
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      publish();
    }
  }

  @Override
  public boolean hasCapability(String capability) {
    return switch (capability.toLowerCase(Locale.ROOT)) {
      case StreamCapabilities.HFLUSH, StreamCapabilities.HSYNC -> true;
      default -> false;
    };
  }
}
