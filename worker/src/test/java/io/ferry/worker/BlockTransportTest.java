package io.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.transport.BlockTransportFrames;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's block transport, spoken over a plain socket as a client does. */
class BlockTransportTest {
  private static final int BLOCK = 256 << 10;
  private static final long MOUNT_ID = 3;
  private static final long BLOCK_ID = BlockIds.of(11, 0);

  @TempDir
  Path memDir;
  @TempDir
  Path ufsDir;

  private FakeMaster master;
  private FerryWorker worker;

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close();
    }
    master.close();
  }

  @Test
  void theWorkerAdvertisesItsTransportAndServesTheRequestedRangeOverIt() throws Exception {
    byte[] block = ufsFile(1);
    try (Socket socket = connect(startWorker(0))) {
      assertThat(read(socket, 1000, 5000)).isEqualTo(Arrays.copyOfRange(block, 1000, 6000));
    }
  }

  @Test
  void oneConnectionCarriesReadsOneAfterTheOther() throws Exception {
    byte[] block = ufsFile(2);
    try (Socket socket = connect(startWorker(0))) {
      assertThat(read(socket, 0, -1)).isEqualTo(block);
      assertThat(read(socket, BLOCK - 10, -1)).isEqualTo(Arrays.copyOfRange(block, BLOCK - 10, BLOCK));
    }
  }

  @Test
  void aRangeOutsideTheBlockIsAnsweredWithInvalidArgumentAndTheConnectionGoesOn() throws Exception {
    byte[] block = ufsFile(3);
    try (Socket socket = connect(startWorker(0))) {
      assertThatThrownBy(() -> read(socket, BLOCK + 1, -1)).isInstanceOfSatisfying(FerryException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      assertThat(read(socket, 0, 10)).isEqualTo(Arrays.copyOf(block, 10));
    }
  }

  @Test
  void aDataPortOfMinusOneTurnsTheTransportOff() throws Exception {
    assertThat(startWorker(-1)).isZero();
  }

  /** Starts the worker; returns the data port it registered with. */
  private int startWorker(int dataPort) throws Exception {
    master = new FakeMaster().start(0);
    master.mount(MOUNT_ID, ufsDir.toString());
    worker = new FerryWorker(FerryConfiguration.builder()
        .set(PropertyKey.WORKER_MEM_DIR, memDir)
        .set(PropertyKey.WORKER_MEM_CAPACITY, 16 * BLOCK)
        .set(PropertyKey.WORKER_BIND_HOST, "127.0.0.1")
        .set(PropertyKey.WORKER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.WORKER_RPC_PORT, 0)
        .set(PropertyKey.WORKER_DATA_PORT, dataPort)
        .set(PropertyKey.WORKER_WEB_PORT, 0)
        .set(PropertyKey.MASTER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.MASTER_RPC_PORT, master.port())
        .build());
    worker.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (master.registrations.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return master.registrations.get(0).getDataPort();
  }

  private byte[] ufsFile(long seed) throws IOException {
    byte[] block = TestData.bytes(BLOCK, seed);
    Files.write(ufsDir.resolve("f"), block);
    return block;
  }

  private static Socket connect(int port) throws IOException {
    assertThat(port).as("advertised data port").isPositive();
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private byte[] read(Socket socket, long offset, long length) throws IOException {
    UfsBlockSource source = UfsBlockSource.newBuilder().setMountId(MOUNT_ID)
        .setUfsUri(ufsDir.resolve("f").toString()).setBlockLength(BLOCK).build();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    BlockTransportFrames.writeRequest(out, ReadBlockRequest.newBuilder().setBlockId(BLOCK_ID)
        .setOffset(offset).setLength(length).setSource(source).build());
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] range = new byte[(int) BlockTransportFrames.readAnswer(in)];
    in.readFully(range);
    return range;
  }
}
