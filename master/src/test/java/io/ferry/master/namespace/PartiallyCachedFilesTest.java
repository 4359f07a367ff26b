package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FreeRequest;
import io.ferry.proto.FreeResponse;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.PartialBlockReport;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks that workers cache only some pages of count into a file's cached bytes, and are freed. */
class PartiallyCachedFilesTest {
  private static final int LENGTH = 1000;

  @TempDir
  Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;
  private long fileId;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    fs = master.fs();
    Files.write(master.ufsRoot.resolve("f"), new byte[LENGTH]);
    fileId = status(false).getId();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private long worker(String host, PartialBlockReport... partial) {
    return master.master().workers().register(RegisterWorkerRequest.newBuilder().setHost(host).setRpcPort(1)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(10_000))
        .addAllPartialBlocks(List.of(partial)).build());
  }

  private PartialBlockReport part(long cachedBytes) {
    return PartialBlockReport.newBuilder().setBlockId(BlockIds.of(fileId, 0)).setCachedBytes(cachedBytes).build();
  }

  private FileInfo status(boolean blocks) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").setIncludeBlocks(blocks).build());
  }

  @Test
  void aBlockCachedInPartCountsItsCachedBytesWithoutALocation() throws FerryException {
    worker("w", part(300));

    assertThat(status(false).getCachedBytes()).isEqualTo(300);
    FileInfo withBlocks = status(true);
    assertThat(withBlocks.getCachedBytes()).isEqualTo(300);
    assertThat(withBlocks.getBlocks(0).getCachedBytes()).isEqualTo(300);
    assertThat(withBlocks.getBlocks(0).getLocationsList()).isEmpty();
  }

  @Test
  void partialCopiesOnTwoWorkersCountTheLargerOneNotTheirSum() throws FerryException {
    worker("a", part(300));
    worker("b", part(600));

    assertThat(status(false).getCachedBytes()).isEqualTo(600);
  }

  @Test
  void aBlockHeldWholeCountsWhole() throws FerryException {
    worker("a", part(300));
    long whole = worker("b");
    master.master().workers().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(whole)
        .addAddedBlockIds(BlockIds.of(fileId, 0)).build());

    assertThat(status(true).getBlocks(0).getCachedBytes()).isEqualTo(LENGTH);
  }

  @Test
  void freeDropsAPartiallyCachedBlockAndAsksItsWorkerToDeleteIt() throws FerryException {
    long id = worker("w", part(300));

    FreeResponse freed = fs.free(FreeRequest.newBuilder().setPath("/f").build());

    assertThat(freed.getFreedFiles()).isEqualTo(1);
    assertThat(freed.getFreedBytes()).isEqualTo(300);
    assertThat(status(false).getCachedBytes()).isZero();
    HeartbeatResponse next = master.master().workers().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).build());
    assertThat(next.getRemoveBlockIdsList()).containsExactly(BlockIds.of(fileId, 0));
  }
}
