package io.ferry.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.it.FerryCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read through ferry:// goes on with another worker when the one serving it is killed (kill -9). */
class FerryFileSystemFailoverIT {
  private static final int BLOCK = 1 << 20;

  @TempDir
  static Path tmp;
  private static FerryCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = FerryCluster.builder(tmp.resolve("cluster")).workers(2).fromBuiltModules().start();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aReadCompletesWithTheRightBytesAfterKillOfTheWorkerServingIt() throws Exception {
    Configuration conf = new Configuration();
    // over gRPC: a short-circuit read would go on reading the dead worker's block files
    conf.set("ferry.user.short.circuit.enabled", "false");
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/failover/data");
    byte[] data = new byte[4 * BLOCK];
    new Random(6).nextBytes(data);
    try (FileSystem fs = FileSystem.newInstance(URI.create("ferry://localhost:" + cluster.masterPort() + "/"), conf)) {
      try (FSDataOutputStream out = fs.create(file, true, 4096, (short) 1, BLOCK)) {
        out.write(data);
      }
      BlockLocation[] blocks = fs.getFileBlockLocations(fs.getFileStatus(file), 0, data.length);
      byte[] read = new byte[data.length];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(read, 0, BLOCK);
        cluster.killWorker(workerServing(blocks[1]));
        in.readFully(read, BLOCK, data.length - BLOCK);
      }

      assertThat(read).isEqualTo(data);
    }
  }

  /** The index of the worker that holds a block (its name is host:port). */
  private static int workerServing(BlockLocation block) throws Exception {
    String name = block.getNames()[0];
    int port = Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
    return port == cluster.workerPort(0) ? 0 : 1;
  }
}
