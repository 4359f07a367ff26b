package io.ferry.it;

import io.ferry.client.FerryClient;
import io.ferry.client.FileBlock;
import io.ferry.client.PathStatus;
import java.util.OptionalInt;

/** Which worker process of a cluster holds a block, from the master's locations. */
final class BlockHolders {
  private BlockHolders() {}

  /**
   * The index of the worker process a reader uses for the block at {@code pos}
   * (its first location), waiting for the locations to arrive with the
   * worker's next heartbeat.
   */
  static int workerHolding(FerryCluster cluster, FerryClient client, String path, long pos) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      OptionalInt holder = holderNow(cluster, client, path, pos);
      if (holder.isPresent()) {
        return holder.getAsInt();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no worker holds the block at " + pos + " of " + path);
  }

  private static OptionalInt holderNow(FerryCluster cluster, FerryClient client, String path, long pos)
      throws Exception {
    PathStatus info = client.getStatus(path, true);
    for (FileBlock b : info.blocks()) {
      if (pos >= b.offset() && pos < b.offset() + b.length() && b.locations().size() > 0) {
        int port = b.locations().get(0).rpcPort();
        for (int i = 0; i < cluster.workerCount(); i++) {
          if (cluster.workerPort(i) == port) {
            return OptionalInt.of(i);
          }
        }
      }
    }
    return OptionalInt.empty();
  }
}
