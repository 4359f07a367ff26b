package io.ferry.s3;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 request in path style: {@code /bucket/key?query}. The bucket is ""
 * for the service (ListBuckets), the key "" for bucket operations.
 *
 * @param path the decoded path, starting with '/'
 * @param query the decoded query parameters
 * @param headers the header values by name, the names compared ignoring case
 */
public record S3Request(String method, String path, String bucket, String key, Map<String, String> query,
    Map<String, List<String>> headers, InputStream body) {

  /** The request of {@code rawPath} and {@code rawQuery} as they came (percent-encoded; the query may be null). */
  public static S3Request of(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
      InputStream body) {
    String path = UriEncoding.decode(rawPath);
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Request(method, "/" + rest, bucket, key, UriEncoding.parseQuery(rawQuery), headers, body);
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  public boolean hasParam(String name) {
    return query.containsKey(name);
  }

  /** The Ferry path of the bucket and key. */
  public String ferryPath() {
    return key.isEmpty() ? "/" + bucket : "/" + bucket + "/" + key;
  }

  /** "/bucket/key", as error bodies name the resource. */
  public String resource() {
    return path;
  }
}
