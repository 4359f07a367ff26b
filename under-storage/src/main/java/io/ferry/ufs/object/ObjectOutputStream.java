package io.ferry.ufs.object;

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

  ObjectOutputStream(ObjectStore store, String key, String uri, int partSize, StatusReader statusReader) {
    super(uri);
    this.store = store;
    this.key = key;
    this.uri = uri;
    this.partSize = partSize;
    this.statusReader = statusReader;
  }

  @Override
  protected void writeBytes(byte[] b, int off, int len) throws IOException {
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
    if (upload == null) {
      upload = store.startMultipart(key);
    }
    upload.uploadPart(++partNumber, buffer.array(), buffer.size());
    buffer.reset();
  }

  @Override
  protected UfsStatus publish() throws IOException {
    if (upload == null) {
      store.put(key, buffer.array(), buffer.size());
    } else {
      if (buffer.size() > 0) {
        sendPart();
      }
      upload.complete();
    }
    return statusReader.read();
  }

  @Override
  protected void discard() {
    buffer.reset();
    if (upload != null) {
      try {
        upload.abort();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not abort the upload of {}: {}", uri, e.toString());
      }
    }
  }

  /** A growable buffer whose array can be handed to the store without a copy. */
  private static final class PartBuffer extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }
  }
}
