package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.master.FerryMaster;
import io.ferry.master.TestMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose bytes exist only in the cache (MUST_CACHE, write-back) is
 * acknowledged complete once its blocks' holders reported them, so a reader
 * right after the close finds them.
 */
class CacheOnlyCompletionTest {
  @TempDir Path tmp;
  private FerryMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = new FerryMaster(TestMaster.settings(tmp)
        .set(PropertyKey.MASTER_CACHE_ONLY_REPORT_WAIT, "10s").build());
    master.start();
    fs = master.fileSystem();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void theCompletionOfCacheOnlyBytesAnswersOnceTheWorkerReportedTheirBlocks() throws Exception {
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath("/m").build());
    long worker = master.workers().register(RegisterWorkerRequest.newBuilder().setHost("w1")
        .setRpcPort(1).addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(10_000)).build());

    CompletableFuture<FileInfo> completion = CompletableFuture.supplyAsync(() -> complete(created, 100));
    Thread.sleep(300);
    assertThat(completion).as("answered before any worker reported the block").isNotDone();

    master.workers().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(worker)
        .addAddedBlockIds(BlockIds.of(created.getId(), 0)).build());
    assertThat(completion.get(10, TimeUnit.SECONDS).getComplete()).isTrue();
  }

  @Test
  void anEmptyCacheOnlyFileIsCompletedAtOnce() throws Exception {
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath("/empty").build());

    assertThat(CompletableFuture.supplyAsync(() -> complete(created, 0)).get(5, TimeUnit.SECONDS).getComplete())
        .isTrue();
  }

  private FileInfo complete(FileInfo created, long length) {
    try {
      return fs.completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath(created.getPath())
          .setLength(length).build());
    } catch (FerryException e) {
      throw new IllegalStateException(e);
    }
  }
}
