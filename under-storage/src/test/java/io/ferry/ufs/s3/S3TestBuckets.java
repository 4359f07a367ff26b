package io.ferry.ufs.s3;

import io.ferry.ufs.TestServers;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** Creates buckets on the test S3 server, once each per JVM. */
public final class S3TestBuckets {
  private static final Set<String> CREATED = new HashSet<>();

  private S3TestBuckets() {}

  public static synchronized void create(String bucket) throws Exception {
    if (CREATED.contains(bucket)) {
      return;
    }
    try (S3Client s3 = S3Options.parse(TestServers.s3().mountOptions()).newClient()) {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // left by an earlier run against the same server
    }
    CREATED.add(bucket);
  }
}
