package io.ferry.it;

import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.util.HashMap;
import java.util.Map;

/** The sync contract on S3 (S3Proxy). */
class S3SyncIT extends UfsSyncContractIT {
  private static final String BUCKET = "ferry-sync";

  @Override
  protected String endpoint() {
    return TestServers.s3().endpoint();
  }

  @Override
  protected Map<String, String> mountOptions(String endpoint) {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.endpoint", endpoint);
    options.put("s3.connect-timeout", "2s");
    options.put("s3.max-retries", "1");
    return options;
  }

  @Override
  protected String freshUfsUri(String name) throws Exception {
    S3TestBuckets.create(BUCKET);
    return "s3://" + BUCKET + "/" + name;
  }
}
