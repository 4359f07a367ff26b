package io.ferry.ufs.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code azure.*} mount options and the client they make. Credentials,
 * first match wins: {@code azure.connection-string} (which also names the
 * endpoint), {@code azure.sas-token}, {@code azure.key} (a shared key of
 * {@code azure.account}); none: anonymous (public containers).
 *
 * <ul>
 *   <li>{@code azure.endpoint}: the blob service, e.g. http://127.0.0.1:10000/devstoreaccount1
 *       for Azurite (default: https://ACCOUNT.blob.core.windows.net)
 *   <li>{@code azure.account}: the storage account (default: the one in the URI)
 *   <li>{@code azure.connect-timeout} (10s), {@code azure.request-timeout} (60s, per try),
 *       {@code azure.max-retries} (3, exponential backoff), {@code azure.block-size} (8m)
 * </ul>
 */
record AzureOptions(
    Optional<String> endpoint,
    Optional<String> account,
    Optional<String> key,
    Optional<String> sasToken,
    Optional<String> connectionString,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    int blockSize) {

  static final String ENDPOINT = "azure.endpoint";
  static final String ACCOUNT = "azure.account";
  static final String KEY = "azure.key";
  static final String SAS_TOKEN = "azure.sas-token";
  static final String CONNECTION_STRING = "azure.connection-string";
  static final String CONNECT_TIMEOUT = "azure.connect-timeout";
  static final String REQUEST_TIMEOUT = "azure.request-timeout";
  static final String MAX_RETRIES = "azure.max-retries";
  static final String BLOCK_SIZE = "azure.block-size";
  private static final Set<String> KNOWN = Set.of(ENDPOINT, ACCOUNT, KEY, SAS_TOKEN, CONNECTION_STRING,
      CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES, BLOCK_SIZE);

  static AzureOptions parse(Map<String, String> options) throws FerryException {
    MountOptions o = MountOptions.of("azure.", options, KNOWN);
    long blockSize = o.getBytes(BLOCK_SIZE, 8L << 20, 1L << 20);
    if (blockSize > (1L << 30)) {
      throw FerryException.invalidArgument("Mount option '" + BLOCK_SIZE + "' must be at most 1g");
    }
    return new AzureOptions(o.get(ENDPOINT), o.get(ACCOUNT), o.get(KEY), o.get(SAS_TOKEN), o.get(CONNECTION_STRING),
        o.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(10)),
        o.getDuration(REQUEST_TIMEOUT, Duration.ofSeconds(60)),
        o.getInt(MAX_RETRIES, 3, 0),
        (int) blockSize);
  }

  /** The blob service endpoint for an account named in a URI (used unless an option names one). */
  String endpointFor(String uriAccount) {
    return endpoint.orElse("https://" + account.orElse(uriAccount) + ".blob.core.windows.net");
  }

  BlobServiceClient newClient(String uriAccount) throws FerryException {
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
        .httpClient(new JdkHttpClientBuilder().connectionTimeout(connectTimeout).build())
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxRetries + 1,
            Duration.ofSeconds(Math.max(1, requestTimeout.toSeconds())), Duration.ofMillis(200),
            Duration.ofSeconds(5), null));
    if (connectionString.isPresent()) {
      builder.connectionString(connectionString.get());
      endpoint.ifPresent(builder::endpoint);
      return build(builder);
    }
    builder.endpoint(endpointFor(uriAccount));
    if (sasToken.isPresent()) {
      builder.sasToken(sasToken.get());
    } else if (key.isPresent()) {
      builder.credential(new StorageSharedKeyCredential(account.orElse(uriAccount), key.get()));
    }
    return build(builder);
  }

  private static BlobServiceClient build(BlobServiceClientBuilder builder) throws FerryException {
    try {
      return builder.buildClient();
    } catch (IllegalArgumentException e) {
      // The SDK's messages name which setting is wrong, never its value.
      throw FerryException.invalidArgument("Invalid Azure mount options: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "AzureOptions(endpoint=" + endpoint.orElse("default") + ", account=" + account.orElse("from URI") + ")";
  }
}
