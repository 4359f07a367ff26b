package io.ferry.ufs.azure;

import io.ferry.ufs.TestServers;
import java.util.HashSet;
import java.util.Set;

/** Creates containers on the test Azure Blob server, once each per JVM. */
public final class AzureTestContainers {
  private static final Set<String> CREATED = new HashSet<>();

  private AzureTestContainers() {}

  public static synchronized void create(String container) throws Exception {
    if (CREATED.add(container)) {
      TestServers.Azurite azurite = TestServers.azurite();
      AzureOptions.parse(azurite.mountOptions()).newClient(azurite.account())
          .getBlobContainerClient(container).createIfNotExists();
    }
  }
}
