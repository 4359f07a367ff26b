package io.ferry.master.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateLoadJobRequest;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadJobManagerTest {
  @TempDir Path tmp;
  private TestMaster master;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    master.fs().createDirectory(CreateDirectoryRequest.newBuilder().setPath("/empty").build());
  }

  @AfterEach
  void stop() {
    master.close();
  }

  /** A worker the master knows; nothing listens at its address, which jobs over empty directories never call. */
  private void registerWorker(int port) {
    master.master().workers().register(RegisterWorkerRequest.newBuilder().setHost("localhost").setRpcPort(port)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(1 << 30)).build());
  }

  private static CreateLoadJobRequest load(String path, int replicas) {
    return CreateLoadJobRequest.newBuilder().setPath(path).setReplicas(replicas).build();
  }

  private LoadJobInfo awaitEnd(long id) throws Exception {
    LoadJobInfo job = master.master().loadJobs().get(id);
    for (int i = 0; i < 100 && job.getState() == LoadJobState.LOAD_RUNNING; i++) {
      Thread.sleep(50);
      job = master.master().loadJobs().get(id);
    }
    return job;
  }

  @Test
  void aJobOverAnEmptyDirectoryCompletesWithNothingToLoad() throws Exception {
    registerWorker(1);

    LoadJobInfo job = awaitEnd(master.master().loadJobs().create(load("/empty", 1)).getJobId());

    assertThat(job.getState()).isEqualTo(LoadJobState.LOAD_COMPLETED);
    assertThat(job.getListingComplete()).isTrue();
    assertThat(job.getFilesTotal()).isZero();
    assertThat(job.getEndedMs()).isPositive();
  }

  @Test
  void jobsAndTheirOutcomeSurviveAMasterRestart() throws Exception {
    registerWorker(1);
    long id = awaitEnd(master.master().loadJobs().create(load("/empty", 1)).getJobId()).getJobId();

    master = master.restart();

    assertThat(master.master().loadJobs().list()).singleElement().satisfies(job -> {
      assertThat(job.getJobId()).isEqualTo(id);
      assertThat(job.getPath()).isEqualTo("/empty");
      assertThat(job.getState()).isEqualTo(LoadJobState.LOAD_COMPLETED);
    });
    registerWorker(1);
    assertThat(master.master().loadJobs().create(load("/empty", 1)).getJobId()).isEqualTo(id + 1);
  }

  @Test
  void aJobOfAMissingPathIsRefusedNamingThePath() {
    registerWorker(1);

    assertThatThrownBy(() -> master.master().loadJobs().create(load("/missing", 1)))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("/missing");
  }

  @Test
  void moreReplicasThanLiveWorkersAreRefused() {
    registerWorker(1);

    assertThatThrownBy(() -> master.master().loadJobs().create(load("/empty", 2)))
        .isInstanceOfSatisfying(FerryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("2 replicas").hasMessageContaining("1 live worker");
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertThatThrownBy(() -> master.master().loadJobs().cancel(7))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("7");
  }
}
