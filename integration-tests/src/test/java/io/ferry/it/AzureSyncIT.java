package io.ferry.it;

import io.ferry.ufs.TestServers;
import io.ferry.ufs.azure.AzureTestContainers;
import java.util.HashMap;
import java.util.Map;

/** The sync contract on Azure Blob (Azurite). */
class AzureSyncIT extends UfsSyncContractIT {
  private static final String CONTAINER = "ferry-sync";

  @Override
  protected String endpoint() {
    return TestServers.azurite().endpoint();
  }

  @Override
  protected Map<String, String> mountOptions(String endpoint) {
    Map<String, String> options = new HashMap<>(TestServers.azurite().mountOptions());
    options.put("azure.endpoint", endpoint);
    options.put("azure.connect-timeout", "2s");
    options.put("azure.max-retries", "1");
    return options;
  }

  @Override
  protected String freshUfsUri(String name) throws Exception {
    AzureTestContainers.create(CONTAINER);
    return "wasb://" + CONTAINER + "@" + TestServers.azurite().account() + "/" + name;
  }
}
