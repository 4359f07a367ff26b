package io.ferry.ufs.s3;

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
 * Serves {@code s3://bucket/prefix/…} with the {@code s3.*} mount options of
 * {@link S3Options}. The bucket must exist; the master checks the root at
 * mount time with getStatus.
 */
public final class S3UnderFileSystemFactory implements UnderFileSystemFactory {
  private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)(/.*)?");

  @Override
  public boolean supports(String uri) {
    return uri != null && uri.startsWith("s3://");
  }

  @Override
  public UfsBackend backend() {
    return UfsBackend.S3;
  }

  @Override
  public UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException {
    Matcher m = S3_URI.matcher(rootUri);
    if (!m.matches()) {
      throw FerryException.invalidArgument("Not an S3 URI (expected s3://bucket/path): '" + rootUri + "'");
    }
    String bucket = m.group(1);
    S3Options s3 = S3Options.parse(options);
    ObjectUris uris = new ObjectUris("s3://" + bucket + "/");
    S3Errors errors = new S3Errors(bucket, s3.endpointDescription());
    return new ObjectUnderFileSystem(uris, rootUri, new S3ObjectStore(s3.newClient(), bucket, uris, errors), s3.partSize());
  }
}
