package io.ferry.ufs.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsBackend;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemFactory;
import io.ferry.ufs.object.ObjectUnderFileSystem;
import io.ferry.ufs.object.ObjectUris;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code wasb://container@account/path} (also {@code wasbs://},
 * {@code abfs://}, {@code abfss://}, all the same blob API; the account may be
 * a full host name such as account.blob.core.windows.net) with the
 * {@code azure.*} options of {@link AzureOptions}. Directories are zero-byte
 * {@code dir/} marker blobs plus prefixes, as on S3.
 */
public final class AzureUnderFileSystemFactory implements UnderFileSystemFactory {
  private static final Pattern AZURE_URI = Pattern.compile("(wasbs?|abfss?)://([^/@]+)@([^/]+)(/.*)?");

  @Override
  public boolean supports(String uri) {
    return uri != null && uri.matches("(wasbs?|abfss?)://.*");
  }

  @Override
  public UfsBackend backend() {
    return UfsBackend.AZURE;
  }

  @Override
  public UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException {
    Matcher m = AZURE_URI.matcher(rootUri);
    if (!m.matches()) {
      throw FerryException.invalidArgument(
          "Not an Azure Blob URI (expected wasb://container@account/path): '" + rootUri + "'");
    }
    String containerName = m.group(2);
    String host = m.group(3);
    String account = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    AzureOptions azure = AzureOptions.parse(options);
    BlobServiceClient service = azure.newClient(account);
    ObjectUris uris = new ObjectUris(m.group(1) + "://" + containerName + "@" + host + "/");
    AzureErrors errors = new AzureErrors(containerName, service.getAccountUrl());
    return new ObjectUnderFileSystem(uris, rootUri,
        new AzureObjectStore(service.getBlobContainerClient(containerName), uris, errors), azure.blockSize());
  }
}
