package io.ferry.it;

import io.ferry.proto.ReadBlockRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sends hostile frames to a worker's block transport (raw TCP, see
 * BlockTransportFrames): random bytes, length prefixes that are negative,
 * huge or longer than what follows, garbage and hostile requests. After each
 * frame the fuzzer closes its side; the worker must then answer what it read
 * and close the connection within the timeout, never hold it.
 */
final class BlockTransportFuzzer {
  private final Random random;
  private final RandomMessages messages;
  private final Duration timeout;

  BlockTransportFuzzer(Random random, Duration timeout) {
    this.random = random;
    this.messages = new RandomMessages(random);
    this.timeout = timeout;
  }

  /** {@code count} connections with one hostile frame each; the problems found (none: empty). */
  List<String> fuzz(int port, int count) throws IOException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] frame = frame(i % 5);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), (int) timeout.toMillis());
        s.setSoTimeout((int) timeout.toMillis());
        s.getOutputStream().write(frame);
        s.shutdownOutput();
        drain(s.getInputStream());
      } catch (SocketTimeoutException e) {
        problems.add("frame " + i + " (" + frame.length + " bytes): the worker held the connection past "
            + timeout);
      } catch (IOException e) {
        // reset by the worker: it refused the frame, which is fine
      }
    }
    return problems;
  }

  /** Connections that send part of a frame and then wait; the caller closes them. */
  List<Socket> holdPartialFrames(int port, int count) throws IOException {
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket s = new Socket("localhost", port);
      s.getOutputStream().write(ByteBuffer.allocate(6).putInt(1000).put((byte) 1).put((byte) 2).array());
      held.add(s);
    }
    return held;
  }

  private byte[] frame(int kind) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    switch (kind) {
      case 0 -> out.write(messages.bytes(random.nextInt(512)));
      case 1 -> out.writeInt(random.nextBoolean() ? -1 - random.nextInt(Integer.MAX_VALUE) : Integer.MAX_VALUE);
      case 2 -> { // a prefix longer than the body that follows
        out.writeInt(100 + random.nextInt(60_000));
        out.write(messages.bytes(random.nextInt(100)));
      }
      case 3 -> { // a whole frame of garbage
        byte[] body = messages.bytes(random.nextInt(1000));
        out.writeInt(body.length);
        out.write(body);
      }
      default -> { // a well-formed request with hostile values
        byte[] body = messages.of(ReadBlockRequest.getDescriptor()).toByteArray();
        out.writeInt(body.length);
        out.write(body);
      }
    }
    return bytes.toByteArray();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // what the worker answers does not matter, only that it ends
    }
  }
}
