package io.ferry.client;

import io.ferry.common.transport.BlockTransportFrames;
import io.ferry.proto.ReadBlockRequest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One connection to a worker's block transport: sends a read and receives its
 * range's raw bytes straight into the reader's buffer. A read that waits
 * longer than the stall timeout for data fails with SocketTimeoutException.
 */
final class BlockConnection implements Closeable {
  private static final int STAGING_BYTES = 256 << 10;
  private final Socket socket;
  /** Unbuffered: the range's bytes go from the socket to the reader's buffer, not through another. */
  private final DataInputStream in;
  private final DataOutputStream out;
  /** For a destination with no array (a direct buffer): the socket's stream reads into arrays. */
  private byte[] staging;
  /** True once a read was sent on it: the worker may have closed it since, when idle. */
  private boolean used;

  private BlockConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1024));
  }

  static BlockConnection open(String host, int port, Duration connectTimeout, Duration stallTimeout)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true); // the request goes out at once
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, stallTimeout.toMillis()));
      socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      return new BlockConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  boolean used() {
    return used;
  }

  /** Sends a read; returns the length of the range that follows, or throws the worker's error. */
  long request(ReadBlockRequest request) throws IOException {
    used = true;
    BlockTransportFrames.writeRequest(out, request);
    out.flush();
    return BlockTransportFrames.readAnswer(in);
  }

  /** Reads at least one and at most {@code max} bytes of the range into {@code dst}; returns how many. */
  int read(ByteBuffer dst, int max) throws IOException {
    int n;
    if (dst.hasArray()) {
      n = in.read(dst.array(), dst.arrayOffset() + dst.position(), Math.min(max, dst.remaining()));
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else {
      if (staging == null) {
        staging = new byte[STAGING_BYTES];
      }
      n = in.read(staging, 0, Math.min(STAGING_BYTES, Math.min(max, dst.remaining())));
      if (n > 0) {
        dst.put(staging, 0, n);
      }
    }
    if (n < 0) {
      throw new EOFException("the worker closed the connection before the end of the range");
    }
    return n;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
