package io.ferry.ufs.object;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an object to a store: up to one part is buffered; a file that fits
 * in one part is stored with a single put on close, a larger one as a
 * multipart upload started when the first part fills. Nothing is visible
 * until close; abort (or a failed write) drops the upload.
 */
final class ObjectOutputStream extends UfsOutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectOutputStream.class);

  /** Publishes the written object's status once it is stored. */
  interface StatusReader {
    UfsStatus read() throws IOException;
  }

  private final ObjectStore store;
  private final String key;
  private final String uri;
  private final int partSize;
  private final StatusReader statusReader;
  private final PartBuffer buffer = new PartBuffer();
  private MultipartUpload upload;
  private int partNumber;
  private boolean closed;
  private boolean failed;
  private UfsStatus status;

  ObjectOutputStream(ObjectStore store, String key, String uri, int partSize, StatusReader statusReader) {
    this.store = store;
    this.key = key;
    this.uri = uri;
    this.partSize = partSize;
    this.statusReader = statusReader;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkWritable();
    while (len > 0) {
      int n = Math.min(len, partSize - buffer.size());
      buffer.write(b, off, n);
      off += n;
      len -= n;
      if (buffer.size() == partSize) {
        sendPart();
      }
    }
  }

  private void sendPart() throws IOException {
    try {
      if (upload == null) {
        upload = store.startMultipart(key);
      }
      upload.uploadPart(++partNumber, buffer.array(), buffer.size());
      buffer.reset();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public UfsStatus status() {
    if (status == null) {
      throw new IllegalStateException("The status of " + uri + " is known only once its stream is closed");
    }
    return status;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    if (failed) {
      abort();
      throw new FerryException(ErrorCode.UFS_ERROR, "Writing " + uri + " failed; the file was not created");
    }
    try {
      if (upload == null) {
        store.put(key, buffer.array(), buffer.size());
      } else {
        if (buffer.size() > 0) {
          sendPart();
        }
        upload.complete();
      }
      closed = true;
      status = statusReader.read();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    buffer.reset();
    if (upload != null) {
      try {
        upload.abort();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not abort the upload of {}: {}", uri, e.toString());
      }
    }
  }

  private void checkWritable() throws IOException {
    if (closed) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "The stream writing " + uri + " is closed");
    }
  }

  /** A growable buffer whose array can be handed to the store without a copy. */
  private static final class PartBuffer extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }
  }
}
