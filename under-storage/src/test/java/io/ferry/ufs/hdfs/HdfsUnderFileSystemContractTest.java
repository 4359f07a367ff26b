package io.ferry.ufs.hdfs;

import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemContractTest;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a MiniDFSCluster (one NameNode, one DataNode) in this JVM, started once for the class. */
class HdfsUnderFileSystemContractTest extends UnderFileSystemContractTest {
  private static MiniDFSCluster cluster;
  private static String nameNode;

  @BeforeAll
  static void startCluster() throws Exception {
    Path base = Files.createTempDirectory("ferry-minidfs");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    nameNode = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Override
  protected UnderFileSystem createUfs() throws Exception {
    return UnderFileSystems.create(nameNode + "/", Map.of());
  }

  @Override
  protected String newEmptyRootUri() {
    return nameNode + "/" + UUID.randomUUID() + "/root";
  }
}
