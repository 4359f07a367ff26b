package io.ferry.client;

import io.ferry.proto.ReadBlockResponse;
import io.grpc.Detachable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;

/**
 * Parses ReadBlock responses without copying their bytes: protobuf's parser
 * copies a 256 KiB chunk twice (transport buffer → array → ByteString) on the
 * transport thread before the reader copies it a third time. This one reads
 * only the field header and detaches the transport's buffers, so the one copy
 * left is the reader's, into its own buffer.
 */
final class ReadBlockChunkMarshaller implements MethodDescriptor.Marshaller<ReadBlockChunk> {
  static final ReadBlockChunkMarshaller INSTANCE = new ReadBlockChunkMarshaller();
  /** Field 1 ({@code chunk}), wire type 2 (length-delimited). */
  private static final int CHUNK_TAG = (ReadBlockResponse.CHUNK_FIELD_NUMBER << 3) | 2;

  private ReadBlockChunkMarshaller() {}

  @Override
  public InputStream stream(ReadBlockChunk value) {
    throw new UnsupportedOperationException("ReadBlock chunks are only received by clients");
  }

  @Override
  public ReadBlockChunk parse(InputStream message) {
    try {
      if (!(message instanceof Detachable detachable) || !(message instanceof KnownLength)) {
        return copied(message); // a transport that recycles its buffers after this call
      }
      InputStream owned = detachable.detach();
      ByteArrayOutputStream header = new ByteArrayOutputStream(12);
      int tag = readVarint(owned, header);
      if (tag == CHUNK_TAG) {
        int length = readVarint(owned, header);
        if (length == owned.available()) {
          return new ReadBlockChunk(owned, length);
        }
      } else if (tag == -1) {
        owned.close();
        return new ReadBlockChunk(InputStream.nullInputStream(), 0);
      }
      // other fields: a newer worker; parse it all the usual way
      return copied(new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), owned));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse a ReadBlock response", e);
    }
  }

  private static ReadBlockChunk copied(InputStream message) throws IOException {
    try (message) {
      byte[] chunk = ReadBlockResponse.parseFrom(message).getChunk().toByteArray();
      return new ReadBlockChunk(new ByteArrayInputStream(chunk), chunk.length);
    }
  }

  /** A varint, its bytes also appended to {@code seen}; -1 at the end of the stream before it. */
  private static int readVarint(InputStream in, ByteArrayOutputStream seen) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new EOFException("A ReadBlock response ended inside a varint");
      }
      seen.write(b);
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("A malformed varint in a ReadBlock response");
  }
}
