package io.ferry.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 request in path style: {@code /bucket/key?query}. The bucket is ""
 * for the service (ListBuckets), the key "" for bucket operations.
 *
 * @param path the decoded path, starting with '/'
 * @param query the decoded query parameters
 */
public record S3Request(String method, String path, String bucket, String key, Map<String, String> query,
    Headers headers, InputStream body) {

  public static S3Request of(HttpExchange exchange) {
    String path = UriEncoding.decode(exchange.getRequestURI().getRawPath());
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Request(exchange.getRequestMethod(), "/" + rest, bucket, key,
        UriEncoding.parseQuery(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(),
        exchange.getRequestBody());
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.getFirst(name));
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
