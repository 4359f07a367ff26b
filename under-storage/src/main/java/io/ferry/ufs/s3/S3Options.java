package io.ferry.ufs.s3;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The {@code s3.*} mount options and the client they make.
 *
 * <ul>
 *   <li>{@code s3.endpoint}: an S3-compatible server, e.g. http://127.0.0.1:9000 (default: AWS)
 *   <li>{@code s3.region} (default us-east-1), {@code s3.path-style} (true/false, default false;
 *       most S3-compatible servers want true)
 *   <li>{@code s3.access-key} + {@code s3.secret-key} (default: the SDK's default credential chain)
 *   <li>{@code s3.connect-timeout} (default 10s), {@code s3.request-timeout} (default 60s, per attempt),
 *       {@code s3.max-retries} (default 3: throttling and 5xx are retried with backoff)
 *   <li>{@code s3.part-size}: the part size of multipart uploads (default 8m, at least 5m)
 * </ul>
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

  static final String ENDPOINT = "s3.endpoint";
  static final String REGION = "s3.region";
  static final String PATH_STYLE = "s3.path-style";
  static final String ACCESS_KEY = "s3.access-key";
  static final String SECRET_KEY = "s3.secret-key";
  static final String CONNECT_TIMEOUT = "s3.connect-timeout";
  static final String REQUEST_TIMEOUT = "s3.request-timeout";
  static final String MAX_RETRIES = "s3.max-retries";
  static final String PART_SIZE = "s3.part-size";
  private static final Set<String> KNOWN = Set.of(ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY, SECRET_KEY,
      CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES, PART_SIZE);
  private static final long MIN_PART_SIZE = 5L << 20; // S3's minimum for all but the last part
  private static final long MAX_PART_SIZE = 1L << 30;

  static S3Options parse(Map<String, String> options) throws FerryException {
    MountOptions o = MountOptions.of("s3.", options, KNOWN);
    Optional<String> endpoint = o.get(ENDPOINT);
    if (endpoint.isPresent()) {
      checkEndpoint(endpoint.get());
    }
    Optional<String> accessKey = o.get(ACCESS_KEY);
    Optional<String> secretKey = o.get(SECRET_KEY);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw FerryException.invalidArgument(
          "Mount options '" + ACCESS_KEY + "' and '" + SECRET_KEY + "' go together: give both or neither");
    }
    long partSize = o.getBytes(PART_SIZE, 8L << 20, MIN_PART_SIZE);
    if (partSize > MAX_PART_SIZE) {
      throw FerryException.invalidArgument("Mount option '" + PART_SIZE + "' must be at most 1g");
    }
    return new S3Options(
        endpoint,
        o.get(REGION, "us-east-1"),
        o.getBoolean(PATH_STYLE, false),
        accessKey,
        secretKey,
        o.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(10)),
        o.getDuration(REQUEST_TIMEOUT, Duration.ofSeconds(60)),
        o.getInt(MAX_RETRIES, 3, 0),
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
        "Mount option '" + ENDPOINT + "' must be an http(s) URL such as http://127.0.0.1:9000, got '" + endpoint + "'");
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
