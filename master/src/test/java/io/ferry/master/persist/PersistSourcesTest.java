package io.ferry.master.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.namespace.PersistTarget;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersistSourcesTest {
  private static final long FILE = 7;
  /** Two blocks of 10 bytes. */
  private static final PersistTarget TARGET = new PersistTarget(FILE, "/f", 1, "file:///u/f", 20, 10, 0);
  private final BlockLocations locations = new BlockLocations();
  private final List<WorkerInfo> live = List.of(worker(1), worker(2), worker(3));

  private static WorkerInfo worker(long id) {
    return WorkerInfo.newBuilder().setAddress(WorkerAddress.newBuilder().setWorkerId(id).setHost("h" + id)).build();
  }

  private void holds(long worker, long... indexes) {
    for (long i : indexes) {
      locations.add(worker, List.of(BlockIds.of(FILE, i)));
    }
  }

  @Test
  void theSourceIsAWorkerThatHoldsEveryBlock() {
    holds(1, 0);
    holds(2, 0, 1);

    assertThat(PersistSources.choose(TARGET, locations, live, Set.of())).map(WorkerAddress::getWorkerId).contains(2L);
  }

  @Test
  void aWorkerThatFailedTheFileComesAfterTheOtherHolders() {
    holds(1, 0, 1);
    holds(3, 0, 1);

    assertThat(PersistSources.choose(TARGET, locations, live, Set.of(1L))).map(WorkerAddress::getWorkerId)
        .contains(3L);
  }

  @Test
  void aWorkerThatFailedIsAskedAgainWhenItIsTheOnlyHolder() {
    holds(1, 0, 1);

    assertThat(PersistSources.choose(TARGET, locations, live, Set.of(1L))).map(WorkerAddress::getWorkerId)
        .contains(1L);
  }

  @Test
  void noWorkerIsChosenWhenNoneHoldsEveryBlock() {
    holds(1, 0);
    holds(2, 1);

    assertThat(PersistSources.choose(TARGET, locations, live, Set.of())).isEmpty();
  }

  @Test
  void aHolderThatIsNotLiveIsNotChosen() {
    holds(4, 0, 1);

    assertThat(PersistSources.choose(TARGET, locations, live, Set.of())).isEmpty();
  }
}
