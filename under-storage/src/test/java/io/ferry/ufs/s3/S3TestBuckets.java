package io.ferry.ufs.s3;

import io.ferry.ufs.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** Creates buckets on the test S3 server, once each per JVM, and looks into them behind Ferry's back. */
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

  /** The keys of the multipart uploads still open in {@code bucket} under {@code prefix}. */
  public static List<String> openUploads(String bucket, String prefix) throws java.io.IOException {
    try (S3Client s3 = S3Options.parse(TestServers.s3().mountOptions()).newClient()) {
      return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
          .map(MultipartUpload::key).toList();
    }
  }

  /** The SHA-256 (hex) of an object's bytes, streamed. */
  public static String sha256(String bucket, String key) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (S3Client s3 = S3Options.parse(TestServers.s3().mountOptions()).newClient();
        InputStream in = new DigestInputStream(s3.getObject(b -> b.bucket(bucket).key(key)), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** True if the bucket holds an object whose key starts with {@code prefix}. */
  public static boolean hasKeysStartingWith(String bucket, String prefix) throws Exception {
    try (S3Client s3 = S3Options.parse(TestServers.s3().mountOptions()).newClient()) {
      return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).keyCount() > 0;
    }
  }
}
