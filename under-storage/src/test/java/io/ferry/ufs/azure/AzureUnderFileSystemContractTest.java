package io.ferry.ufs.azure;

import io.ferry.ufs.TestServers;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemContractTest;
import io.ferry.ufs.UnderFileSystems;
import java.util.UUID;

class AzureUnderFileSystemContractTest extends UnderFileSystemContractTest {
  static final String CONTAINER = "ferry-contract";

  @Override
  protected UnderFileSystem createUfs() throws Exception {
    AzureTestContainers.create(CONTAINER);
    return UnderFileSystems.create(containerUri(), TestServers.azurite().mountOptions());
  }

  @Override
  protected String newEmptyRootUri() {
    return containerUri() + UUID.randomUUID() + "/root";
  }

  private static String containerUri() {
    return "wasb://" + CONTAINER + "@" + TestServers.azurite().account() + "/";
  }
}
