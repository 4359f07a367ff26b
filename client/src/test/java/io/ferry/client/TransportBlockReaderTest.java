package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.ReadBlockRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportBlockReaderTest {
  private static final int BLOCK = 1 << 20;
  private static final Duration STALL_TIMEOUT = Duration.ofMillis(500);

  private final byte[] block = new byte[BLOCK];
  private final FakeBlockTransport worker;
  private final BlockConnections connections = new BlockConnections(Duration.ofSeconds(5), STALL_TIMEOUT);

  TransportBlockReaderTest() throws IOException {
    new Random(7).nextBytes(block);
    worker = new FakeBlockTransport(block);
  }

  @AfterEach
  void tearDown() throws IOException {
    connections.close();
    worker.close();
  }

  @Test
  void readsTheBlockFromTheFirstReadToItsEnd() throws IOException {
    try (TransportBlockReader reader = reader(100)) {
      assertThat(readFully(reader, 100, BLOCK - 100)).isEqualTo(Arrays.copyOfRange(block, 100, BLOCK));
    }
  }

  @Test
  void readsIntoADirectBuffer() throws IOException {
    ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
    try (TransportBlockReader reader = reader(0)) {
      while (dst.hasRemaining()) {
        reader.read(dst.position(), dst);
      }
    }
    byte[] read = new byte[BLOCK];
    dst.flip().get(read);
    assertThat(read).isEqualTo(block);
  }

  @Test
  void aReadElsewhereInTheBlockAsksAgainFromThere() throws IOException {
    try (TransportBlockReader reader = reader(0)) {
      readFully(reader, 0, 10);
      assertThat(readFully(reader, 5000, 10)).isEqualTo(Arrays.copyOfRange(block, 5000, 5010));
    }
  }

  @Test
  void blocksReadOneAfterTheOtherShareOneConnection() throws IOException {
    for (int i = 0; i < 3; i++) {
      try (TransportBlockReader reader = reader(0)) {
        readFully(reader, 0, BLOCK);
      }
    }
    assertThat(worker.connections).hasValue(1);
  }

  @Test
  void aKeptConnectionTheWorkerClosedWhileIdleIsReplacedWithoutAnError() throws IOException {
    worker.closeAfterAnswer = true;
    try (TransportBlockReader reader = reader(0)) {
      readFully(reader, 0, BLOCK);
    }
    try (TransportBlockReader reader = reader(0)) {
      assertThat(readFully(reader, 0, BLOCK)).isEqualTo(block);
    }
    assertThat(worker.connections).hasValue(2);
  }

  @Test
  void theWorkersErrorIsThrownAsItsFerryError() {
    worker.error = FerryException.notFound("block 7");
    assertThatThrownBy(() -> readFully(reader(0), 0, 10)).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void aWorkerThatStallsMidRangeFailsUnavailableAfterTheStallTimeout() {
    worker.stallAfter = 1000;
    long start = System.nanoTime();
    assertThatThrownBy(() -> readFully(reader(0), 0, BLOCK)).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(STALL_TIMEOUT.multipliedBy(10));
  }

  @Test
  void aWorkerThatIsNotListeningFailsUnavailable() {
    // port 1: below the ephemeral range, so a connection can never reach itself (TCP self-connect)
    WorkerEndpoint nobody = new WorkerEndpoint(2, "127.0.0.1", 1, 1, List.of());
    ReadBlockRequest request = ReadBlockRequest.newBuilder().setBlockId(7).setLength(-1).build();
    TransportBlockReader reader = new TransportBlockReader(nobody, connections, request, BLOCK, STALL_TIMEOUT);
    assertThatThrownBy(() -> readFully(reader, 0, 10)).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  private TransportBlockReader reader(long firstRead) {
    ReadBlockRequest request = ReadBlockRequest.newBuilder().setBlockId(7).setOffset(firstRead).setLength(-1).build();
    return new TransportBlockReader(worker.endpoint(), connections, request, BLOCK, STALL_TIMEOUT);
  }

  private static byte[] readFully(TransportBlockReader reader, long pos, int length) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(length);
    while (dst.hasRemaining()) {
      reader.read(pos + dst.position(), dst);
    }
    return dst.array();
  }
}
