package io.ferry.client;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.FerryException;
import io.ferry.common.transport.BlockTransportFrames;
import io.ferry.proto.ReadBlockRequest;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A worker's block transport serving one block, with switches to make it misbehave. */
final class FakeBlockTransport implements Closeable {
  private final byte[] block;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  /** Closes each connection after its first answer, as a worker does with one left idle too long. */
  volatile boolean closeAfterAnswer;
  /** Sends this many bytes of a range and then nothing more, the connection left open; -1 = never stalls. */
  volatile long stallAfter = -1;
  /** Answers every read with this error when set. */
  volatile FerryException error;

  FakeBlockTransport(byte[] block) throws IOException {
    this.block = block;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DaemonThreads.thread("fake-block-transport", this::acceptLoop).start();
  }

  WorkerEndpoint endpoint() {
    return new WorkerEndpoint(1, "127.0.0.1", 1, listener.getLocalPort(), List.of());
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket socket = listener.accept();
        sockets.add(socket);
        connections.incrementAndGet();
        DaemonThreads.thread("fake-block-transport-connection", () -> serve(socket)).start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      do {
        ReadBlockRequest request = BlockTransportFrames.readRequest(in);
        if (error != null) {
          BlockTransportFrames.writeError(out, error);
          continue;
        }
        int offset = (int) request.getOffset();
        int length = request.getLength() < 0 ? block.length - offset : (int) request.getLength();
        BlockTransportFrames.writeOk(out, length);
        int sent = stallAfter < 0 ? length : (int) Math.min(length, stallAfter);
        out.write(block, offset, sent);
        out.flush();
        if (sent < length) {
          Thread.sleep(Long.MAX_VALUE);
        }
      } while (!closeAfterAnswer);
    } catch (EOFException | InterruptedException e) {
      // the client closed the connection, or the test ended
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
