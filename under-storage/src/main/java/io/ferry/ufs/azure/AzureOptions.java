package io.ferry.ufs.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOption;
import io.ferry.ufs.MountOptions;
import io.ferry.ufs.UfsBackend;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code azure.*} mount options and the client they make. Credentials,
 * first match wins: {@code azure.connection-string} (which also names the
 * endpoint), {@code azure.sas-token}, {@code azure.key} (a shared key of
 * {@code azure.account}); none: anonymous (public containers). Every option
 * is declared with its default in {@link MountOption}.
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

  static AzureOptions parse(Map<String, String> options) throws FerryException {
    MountOptions o = MountOptions.of(UfsBackend.AZURE, options);
    long blockSize = o.getBytes(MountOption.AZURE_BLOCK_SIZE, 1L << 20);
    if (blockSize > (1L << 30)) {
      throw FerryException.invalidArgument("Mount option '" + MountOption.AZURE_BLOCK_SIZE + "' must be at most 1g");
    }
    return new AzureOptions(o.get(MountOption.AZURE_ENDPOINT), o.get(MountOption.AZURE_ACCOUNT),
        o.get(MountOption.AZURE_KEY), o.get(MountOption.AZURE_SAS_TOKEN), o.get(MountOption.AZURE_CONNECTION_STRING),
        o.getDuration(MountOption.AZURE_CONNECT_TIMEOUT),
        o.getDuration(MountOption.AZURE_REQUEST_TIMEOUT),
        o.getInt(MountOption.AZURE_MAX_RETRIES, 0),
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
