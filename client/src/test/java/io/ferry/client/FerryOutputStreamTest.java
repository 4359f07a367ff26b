package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CompleteFileRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryOutputStreamTest {
  @TempDir
  Path blockDir;
  private FakeCluster cluster;

  @BeforeEach
  void start() throws IOException {
    cluster = new FakeCluster(1, blockDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  @Test
  void writesTheBytesThroughAWorkerAndCompletesTheFile() throws IOException {
    byte[] data = new byte[3 * FerryOutputStream.CHUNK_SIZE + 123];
    new Random(1).nextBytes(data);
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      try (OutputStream out = client.createFile("/new", CreateOptions.DEFAULT.withWriteType(WriteType.THROUGH))) {
        out.write(data, 0, 10);
        out.write(data, 10, data.length - 10);
      }
    }
    assertThat(cluster.ufs.get(FakeMaster.ufsUri("/new"))).isEqualTo(data);
    assertThat(cluster.workers.get(0).lastHeader.getWriteType()).isEqualTo(io.ferry.proto.WriteType.THROUGH);
    CompleteFileRequest complete = cluster.master.completed.get(0);
    assertThat(complete.getLength()).isEqualTo(data.length);
    assertThat(complete.getFingerprint()).isEqualTo("fp-" + data.length);
  }

  @Test
  void writeTypeDefaultsToTheConfiguredOne() throws IOException {
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      client.createFile("/new", CreateOptions.DEFAULT).close();
    }
    assertThat(cluster.workers.get(0).lastHeader.getWriteType()).isEqualTo(io.ferry.proto.WriteType.CACHE_THROUGH);
  }

  @Test
  void workerFailureAbortsNamingThePathAndRemovesTheFile() throws IOException {
    cluster.workers.get(0).failWrites = true;
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      OutputStream out = client.createFile("/bad", CreateOptions.DEFAULT);
      assertThatThrownBy(() -> {
        for (int i = 0; i < 64; i++) {
          out.write(new byte[FerryOutputStream.CHUNK_SIZE]);
        }
        out.close();
      }).isInstanceOf(IOException.class).hasMessageContaining("/bad").hasMessageContaining("disk full");
    }
    assertThat(cluster.master.deleted).containsExactly("/bad");
    assertThat(cluster.master.completed).isEmpty();
  }

  @Test
  void aFailureOfTheLastBytesBeforeCloseIsReportedBySyncAndTheFileRemoved() throws Exception {
    cluster.workers.get(0).room = 100;
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      FerryOutputStream out = client.createFile("/full", CreateOptions.DEFAULT);
      out.write(new byte[101]); // buffered in the client: only the sync sends it

      assertThatThrownBy(out::sync).isInstanceOf(FerryException.class)
          .hasMessageContaining("/full").hasMessageContaining("disk full")
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.NO_SPACE);
    }
    assertThat(cluster.master.deleted).containsExactly("/full");
    assertThat(cluster.master.completed).isEmpty();
  }

  @Test
  void aSyncedWriteGoesOnAndCompletesWithEveryByte() throws IOException {
    byte[] data = new byte[FerryOutputStream.CHUNK_SIZE + 10];
    new Random(2).nextBytes(data);
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      FerryOutputStream out = client.createFile("/good", CreateOptions.DEFAULT);
      out.write(data, 0, 5);
      out.sync();
      out.sync(); // nothing new: no round trip, no error
      out.write(data, 5, data.length - 5);
      out.sync();
      out.close();
    }
    assertThat(cluster.ufs.get(FakeMaster.ufsUri("/good"))).isEqualTo(data);
    assertThat(cluster.master.completed).extracting(CompleteFileRequest::getLength).containsExactly((long) data.length);
  }

  @Test
  void anAsyncThroughWriteGoesToTheDurableWorkersAtOnceAndAsksTheMasterToPersistTheFile() throws Exception {
    cluster.close();
    cluster = new FakeCluster(2, blockDir);
    byte[] data = new byte[FerryOutputStream.CHUNK_SIZE + 5];
    new Random(2).nextBytes(data);
    CreateOptions asyncThrough = CreateOptions.DEFAULT.withWriteType(WriteType.ASYNC_THROUGH);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryOutputStream out = client.createFile("/ckpt", asyncThrough)) {
      out.write(data);
      assertThat(out.workers()).hasSize(2);
    }
    for (FakeWorker worker : cluster.workers) {
      assertThat(worker.lastHeader.getWriteType()).isEqualTo(io.ferry.proto.WriteType.ASYNC_THROUGH);
    }
    assertThat(cluster.master.completed.get(0).getPersistLater()).isTrue();
  }

  @Test
  void anAsyncThroughWriteGoesOnWithTheOtherDurableWorkerWhenOneFails() throws Exception {
    cluster.close();
    cluster = new FakeCluster(2, blockDir);
    cluster.workers.get(1).failWrites = true;
    byte[] data = new byte[FerryOutputStream.CHUNK_SIZE + 5];
    new Random(3).nextBytes(data);
    CreateOptions asyncThrough = CreateOptions.DEFAULT.withWriteType(WriteType.ASYNC_THROUGH);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryOutputStream out = client.createFile("/ckpt", asyncThrough)) {
      out.write(data);
      out.sync();
      assertThat(out.workers()).extracting(WorkerEndpoint::workerId)
          .containsExactly(cluster.addresses.get(0).getWorkerId());
    }
    assertThat(cluster.master.completed).extracting(CompleteFileRequest::getLength).containsExactly((long) data.length);
    assertThat(cluster.master.completed.get(0).getPersistLater()).isTrue();
  }

  @Test
  void anAsyncThroughWriteFailsWhenEveryDurableWorkerFails() throws Exception {
    cluster.close();
    cluster = new FakeCluster(2, blockDir);
    cluster.workers.forEach(w -> w.failWrites = true);
    CreateOptions asyncThrough = CreateOptions.DEFAULT.withWriteType(WriteType.ASYNC_THROUGH);
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      assertThatThrownBy(() -> {
        try (OutputStream out = client.createFile("/ckpt", asyncThrough)) {
          out.write(new byte[10]);
        }
      }).isInstanceOf(FerryException.class).hasMessageContaining("/ckpt");
    }
    assertThat(cluster.master.completed).isEmpty();
  }
}
