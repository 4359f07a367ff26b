package io.ferry.ufs.s3;

import io.ferry.ufs.TestServers;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemContractTest;
import io.ferry.ufs.UnderFileSystems;
import java.util.UUID;

class S3UnderFileSystemContractTest extends UnderFileSystemContractTest {
  static final String BUCKET = "ferry-contract";

  @Override
  protected UnderFileSystem createUfs() throws Exception {
    S3TestBuckets.create(BUCKET);
    return UnderFileSystems.create("s3://" + BUCKET + "/", TestServers.s3().mountOptions());
  }

  @Override
  protected String newEmptyRootUri() {
    return "s3://" + BUCKET + "/" + UUID.randomUUID() + "/root";
  }
}
