package io.ferry.common.transport;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.ReadBlockRequest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The framing of a worker's block transport, a plain TCP connection that
 * carries one block read at a time (gRPC stays for everything else). A
 * request is a length-prefixed {@link ReadBlockRequest}; the answer is either
 * {@code OK}, the length of the range and then the range's raw bytes, or
 * {@code ERROR} with a Ferry error code and message. The raw bytes are what
 * makes it fast: the worker writes them straight from the block's mapping
 * into the socket and the reader reads them into its own buffer, with no
 * framing, parsing or copy between. A connection carries its next request
 * once the answer was read whole; a reader that stops early closes it.
 */
public final class BlockTransportFrames {
  private static final byte OK = 0;
  private static final byte ERROR = 1;
  /** Far above any ReadBlockRequest: a larger prefix is not this protocol. */
  private static final int MAX_REQUEST_BYTES = 64 << 10;
  /** Error messages are cut to this many characters (writeUTF takes at most 64 KiB). */
  private static final int MAX_MESSAGE_CHARS = 4096;

  private BlockTransportFrames() {}

  public static void writeRequest(DataOutput out, ReadBlockRequest request) throws IOException {
    byte[] bytes = request.toByteArray();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** The next request; EOFException when the client closed the connection between requests. */
  public static ReadBlockRequest readRequest(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_REQUEST_BYTES) {
      throw new IOException("Not a block transport request (a length prefix of " + length + " bytes)");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return ReadBlockRequest.parseFrom(bytes);
  }

  /** The header of a successful answer; {@code length} raw bytes follow it. */
  public static void writeOk(DataOutput out, long length) throws IOException {
    out.writeByte(OK);
    out.writeLong(length);
  }

  public static void writeError(DataOutput out, FerryException error) throws IOException {
    out.writeByte(ERROR);
    out.writeUTF(error.code().name());
    String message = String.valueOf(error.getMessage());
    out.writeUTF(message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message);
  }

  /** The length of the range that follows, or the worker's error thrown as the Ferry error it was. */
  public static long readAnswer(DataInput in) throws IOException {
    byte status = in.readByte();
    if (status == OK) {
      return in.readLong();
    }
    if (status != ERROR) {
      throw new IOException("Not a block transport answer (status byte " + status + ")");
    }
    String code = in.readUTF();
    String message = in.readUTF();
    ErrorCode known;
    try {
      known = ErrorCode.valueOf(code);
    } catch (IllegalArgumentException e) {
      known = ErrorCode.INTERNAL; // a newer worker's code
    }
    throw new FerryException(known, message);
  }
}
