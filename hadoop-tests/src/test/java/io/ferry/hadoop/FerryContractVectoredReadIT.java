package io.ferry.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.contract.AbstractContractVectoredReadTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;

/** Hadoop's VectoredRead contract suite against ferry://, with heap and direct buffers. */
public class FerryContractVectoredReadIT extends AbstractContractVectoredReadTest {
  public FerryContractVectoredReadIT(String bufferType) {
    super(bufferType);
  }

  @Override
  protected AbstractFSContract createContract(Configuration conf) {
    return new FerryContract(conf);
  }
}
