package io.ferry.ufs.s3;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOption;
import io.ferry.ufs.MountOptions;
import io.ferry.ufs.UfsBackend;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * The {@code s3.*} mount options (declared with their defaults in
 * {@link MountOption}) and the client they make.
 */
record S3Options(
    Optional<String> endpoint,
    String region,
    boolean pathStyle,
    Optional<String> accessKey,
    Optional<String> secretKey,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    int partSize) {

  private static final long MIN_PART_SIZE = 5L << 20; // S3's minimum for all but the last part
  private static final long MAX_PART_SIZE = 1L << 30;

  static S3Options parse(Map<String, String> options) throws FerryException {
    MountOptions o = MountOptions.of(UfsBackend.S3, options);
    Optional<String> endpoint = o.get(MountOption.S3_ENDPOINT);
    if (endpoint.isPresent()) {
      checkEndpoint(endpoint.get());
    }
    Optional<String> accessKey = o.get(MountOption.S3_ACCESS_KEY);
    Optional<String> secretKey = o.get(MountOption.S3_SECRET_KEY);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw FerryException.invalidArgument("Mount options '" + MountOption.S3_ACCESS_KEY + "' and '"
          + MountOption.S3_SECRET_KEY + "' go together: give both or neither");
    }
    long partSize = o.getBytes(MountOption.S3_PART_SIZE, MIN_PART_SIZE);
    if (partSize > MAX_PART_SIZE) {
      throw FerryException.invalidArgument("Mount option '" + MountOption.S3_PART_SIZE + "' must be at most 1g");
    }
    return new S3Options(
        endpoint,
        o.getString(MountOption.S3_REGION),
        o.getBoolean(MountOption.S3_PATH_STYLE),
        accessKey,
        secretKey,
        o.getDuration(MountOption.S3_CONNECT_TIMEOUT),
        o.getDuration(MountOption.S3_REQUEST_TIMEOUT),
        o.getInt(MountOption.S3_MAX_RETRIES, 0),
        (int) partSize);
  }

  private static void checkEndpoint(String endpoint) throws FerryException {
    try {
      URI u = URI.create(endpoint);
      if (u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw FerryException.invalidArgument(
        "Mount option '" + MountOption.S3_ENDPOINT + "' must be an http(s) URL such as http://127.0.0.1:9000, got '" + endpoint + "'");
  }

  /** The endpoint as error messages name it. */
  String endpointDescription() {
    return endpoint.orElse("the AWS endpoint of region " + region);
  }

  S3Client newClient() {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(region))
        .forcePathStyle(pathStyle)
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder()
            .connectionTimeout(connectTimeout)
            .socketTimeout(requestTimeout))
        // Checksums only where S3 requires them: S3-compatible servers often lack the newer trailing ones.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(c -> c
            .apiCallAttemptTimeout(requestTimeout)
            .retryStrategy(retryStrategy()));
    endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
    return builder.build();
  }

  private StandardRetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxRetries + 1).build();
  }

  private AwsCredentialsProvider credentials() {
    if (accessKey.isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Never shows the keys (records print every field otherwise). */
  @Override
  public String toString() {
    return "S3Options(endpoint=" + endpointDescription() + ", region=" + region + ", pathStyle=" + pathStyle
        + ", credentials=" + (accessKey.isPresent() ? "static" : "default chain") + ")";
  }
}
