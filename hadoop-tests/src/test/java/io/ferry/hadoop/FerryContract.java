package io.ferry.hadoop;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractFSContract;

/** Ferry's contract for Hadoop's suites: what ferry:// supports is declared in contract/ferry.xml. */
public class FerryContract extends AbstractFSContract {
  public FerryContract(Configuration conf) {
    super(conf);
    addConfResource("contract/ferry.xml");
  }

  @Override
  public String getScheme() {
    return "ferry";
  }

  @Override
  public FileSystem getTestFileSystem() throws IOException {
    return FileSystem.get(ContractCluster.uri(), getConf());
  }

  @Override
  public Path getTestPath() {
    return new Path("/test");
  }
}
