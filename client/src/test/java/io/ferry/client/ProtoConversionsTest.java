package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.proto.BlockInfo;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.FileInfo;
import io.ferry.proto.LoadFailure;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import io.ferry.proto.MasterInfo;
import io.ferry.proto.MountInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoConversionsTest {
  private static final WorkerAddress ADDRESS =
      WorkerAddress.newBuilder().setWorkerId(3).setHost("h1").setRpcPort(29999).addTierDirs("/mem").build();
  private static final WorkerEndpoint ENDPOINT = new WorkerEndpoint(3, "h1", 29999, 0, List.of("/mem"));
  private static final WorkerInfo WORKER = WorkerInfo.newBuilder()
      .setAddress(ADDRESS)
      .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(100).setUsedBytes(40))
      .addTiers(TierUsage.newBuilder().setAlias("SSD").setCapacityBytes(1000).setUsedBytes(0))
      .setBlockCount(5)
      .setLastHeartbeatMs(1234)
      .setMetrics(WorkerMetrics.newBuilder().setCacheHits(1).setCacheMisses(2).setUfsBytesRead(3)
          .setBytesServed(4).setCorruptBlocks(5).setReplicatedBlocks(6))
      .build();

  @Test
  void aFileKeepsEveryFieldAndItsBlocksWithTheirLocations() {
    FileInfo wire = FileInfo.newBuilder().setId(7).setPath("/d/f").setName("f").setLength(150).setBlockSize(100)
        .setMtimeMs(99).setOwner("alice").setGroup("staff").setMode(0640).setUfsUri("file:/u/d/f").setMountId(2)
        .setFingerprint("fp").setComplete(true).setPersisted(true).setReplication(3).setCachedBytes(100)
        .addBlocks(BlockInfo.newBuilder().setBlockId(70).setOffset(0).setLength(100).setCachedBytes(100)
            .addLocations(ADDRESS))
        .build();

    assertThat(ProtoConversions.pathStatus(wire)).isEqualTo(new PathStatus(7, "/d/f", "f", false, 150, 100, 99,
        "alice", "staff", 0640, "file:/u/d/f", 2, "fp", true, true, 3, false, 100,
        Optional.empty(), false, List.of(new FileBlock(70, 0, 100, List.of(ENDPOINT))), ""));
  }

  @Test
  void aDirectoryAndAMountPointAreTold() {
    PathStatus mountPoint =
        ProtoConversions.pathStatus(FileInfo.newBuilder().setIsDirectory(true).setMountPoint(true).build());

    assertThat(mountPoint.isDirectory()).isTrue();
    assertThat(mountPoint.mountPoint()).isTrue();
  }

  @Test
  void aWorkerKeepsItsEndpointTiersInOrderAndCounters() {
    assertThat(ProtoConversions.worker(WORKER)).isEqualTo(new WorkerStatus(ENDPOINT,
        List.of(new WorkerStatus.Tier("MEM", 100, 40), new WorkerStatus.Tier("SSD", 1000, 0)), 5, 1234,
        new WorkerStatus.Counters(1, 2, 3, 4, 5, 6)));
  }

  @Test
  void aWorkersCapacityIsThatOfAllItsTiers() {
    assertThat(ProtoConversions.worker(WORKER).capacityBytes()).isEqualTo(1100);
  }

  @Test
  void theClusterReportKeepsItsTotalsWorkersAndMasters() {
    ClusterReport wire = ClusterReport.newBuilder().setMasterAddress("m:19998").setStartTimeMs(10)
        .addLiveWorkers(WORKER).setLostWorkers(1).setCapacityBytes(1100).setUsedBytes(40).setCachedBlocks(5)
        .setCacheHits(8).setCacheMisses(9).setInodeCount(12)
        .addMasters(MasterInfo.newBuilder().setAddress("m:19998").setRole("leader").setLogIndex(77))
        .build();

    assertThat(ProtoConversions.cluster(wire)).isEqualTo(new ClusterStatus("m:19998", 10,
        List.of(ProtoConversions.worker(WORKER)), 1, 1100, 40, 5, 8, 9, 12,
        List.of(new ClusterStatus.Master("m:19998", "leader", 77))));
  }

  @Test
  void aMountKeepsItsOptionsAndReadOnlyFlag() {
    MountInfo wire = MountInfo.newBuilder().setMountId(4).setFerryPath("/s3").setUfsUri("s3://b/")
        .putOptions("s3.secret", "******").setReadOnly(true).build();

    assertThat(ProtoConversions.mount(wire))
        .isEqualTo(new MountEntry(4, "/s3", "s3://b/", Map.of("s3.secret", "******"), true));
  }

  @Test
  void aMountsOptionsComeInTheOrderOfTheirNames() {
    MountInfo wire = MountInfo.newBuilder().putOptions("s3.region", "eu").putOptions("s3.endpoint", "http://h")
        .putOptions("s3.access.key", "******").build();

    assertThat(ProtoConversions.mount(wire).options().keySet())
        .containsExactly("s3.access.key", "s3.endpoint", "s3.region");
  }

  @Test
  void aLoadJobKeepsItsProgressAndFailedFiles() {
    LoadJobInfo wire = LoadJobInfo.newBuilder().setJobId(1).setPath("/data").setReplicas(2).setParallelism(4)
        .setState(LoadJobState.LOAD_FAILED).setCreatedMs(5).setEndedMs(6).setListingComplete(true)
        .setFilesTotal(10).setFilesDone(8).setFilesFailed(2).setBytesTotal(1000).setBytesDone(800)
        .setBytesFetched(700).addFailures(LoadFailure.newBuilder().setPath("/data/x").setErrorCode("NOT_FOUND")
            .setMessage("gone"))
        .setError("")
        .build();

    assertThat(ProtoConversions.loadJob(wire)).isEqualTo(new LoadJobStatus(1, "/data", 2, 4,
        LoadJobStatus.State.FAILED, 5, 6, true, 10, 8, 2, 1000, 800, 700,
        List.of(new LoadJobStatus.FailedFile("/data/x", "NOT_FOUND", "gone")), ""));
  }

  @Test
  void everyLoadJobStateHasItsOwn() {
    assertThat(Arrays.stream(new LoadJobState[] {LoadJobState.LOAD_RUNNING, LoadJobState.LOAD_COMPLETED,
        LoadJobState.LOAD_FAILED, LoadJobState.LOAD_CANCELLED}).map(ProtoConversionsTest::stateOf))
        .containsExactly(LoadJobStatus.State.RUNNING, LoadJobStatus.State.COMPLETED, LoadJobStatus.State.FAILED,
            LoadJobStatus.State.CANCELLED);
  }

  @Test
  void aLoadJobStateThisClientDoesNotKnowIsUnknown() {
    LoadJobInfo fromNewerMaster = LoadJobInfo.newBuilder().setStateValue(42).build();

    assertThat(ProtoConversions.loadJob(fromNewerMaster).state()).isEqualTo(LoadJobStatus.State.UNKNOWN);
  }

  @Test
  void everyWriteTypeIsSentAsTheWireTypeOfTheSameName() {
    for (WriteType t : WriteType.values()) {
      assertThat(ProtoConversions.writeType(t).name()).isEqualTo(t.name());
    }
  }

  private static LoadJobStatus.State stateOf(LoadJobState state) {
    return ProtoConversions.loadJob(LoadJobInfo.newBuilder().setState(state).build()).state();
  }
}
