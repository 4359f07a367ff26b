package io.ferry.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ListObjectsV2 (and V1): the keys of a bucket after a start key, those
 * holding the delimiter after the prefix rolled up into common prefixes,
 * max-keys (at most 1000) at a time. The continuation token is the last
 * key or common prefix of the page.
 */
public final class ObjectListing {
  private static final int MAX_KEYS = 1000;

  private final S3Namespace namespace;
  private final KeyWalker walker;

  public ObjectListing(S3Namespace namespace) {
    this.namespace = namespace;
    this.walker = new KeyWalker(namespace);
  }

  /** One page: the objects and common prefixes in key order. */
  private record Page(List<KeyWalker.Entry> contents, List<String> commonPrefixes, String lastItem,
      boolean truncated) {}

  public void list(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    boolean v2 = "2".equals(request.param("list-type").orElse(""));
    String prefix = request.param("prefix").orElse("");
    String delimiter = request.param("delimiter").orElse("");
    int maxKeys = maxKeys(request);
    String token = request.param("continuation-token").map(ObjectListing::decodeToken).orElse("");
    String startAfter = request.param(v2 ? "start-after" : "marker").orElse("");
    String after = token.compareTo(startAfter) > 0 ? token : startAfter;
    Page page = page(walker.keys(request.bucket(), prefix, "/".equals(delimiter)), prefix, delimiter, after, maxKeys);

    boolean urlEncoded = "url".equals(request.param("encoding-type").orElse(""));
    XmlWriter xml = XmlWriter.document("ListBucketResult")
        .element("Name", request.bucket())
        .element("Prefix", encode(prefix, urlEncoded))
        .element("MaxKeys", maxKeys)
        .element("IsTruncated", page.truncated());
    if (!delimiter.isEmpty()) {
      xml.element("Delimiter", encode(delimiter, urlEncoded));
    }
    if (urlEncoded) {
      xml.element("EncodingType", "url");
    }
    if (v2) {
      xml.element("KeyCount", page.contents().size() + page.commonPrefixes().size());
      request.param("continuation-token").ifPresent(t -> xml.element("ContinuationToken", t));
      request.param("start-after").ifPresent(s -> xml.element("StartAfter", encode(s, urlEncoded)));
      if (page.truncated()) {
        xml.element("NextContinuationToken", encodeToken(page.lastItem()));
      }
    } else {
      xml.element("Marker", encode(startAfter, urlEncoded));
      if (page.truncated()) {
        xml.element("NextMarker", encode(page.lastItem(), urlEncoded));
      }
    }
    for (KeyWalker.Entry entry : page.contents()) {
      xml.start("Contents")
          .element("Key", encode(entry.key(), urlEncoded))
          .element("LastModified", HttpDates.iso(entry.status().mtimeMs()))
          .element("ETag", ETags.of(entry.status()))
          .element("Size", entry.status().length())
          .element("StorageClass", "STANDARD")
          .end();
    }
    for (String commonPrefix : page.commonPrefixes()) {
      xml.start("CommonPrefixes").element("Prefix", encode(commonPrefix, urlEncoded)).end();
    }
    response.xml(200, xml);
  }

  private static Page page(List<KeyWalker.Entry> entries, String prefix, String delimiter, String after,
      int maxKeys) {
    List<KeyWalker.Entry> contents = new ArrayList<>();
    List<String> commonPrefixes = new ArrayList<>();
    String last = after;
    for (KeyWalker.Entry entry : entries) {
      String key = entry.key();
      String rolledUp = commonPrefix(key, prefix, delimiter);
      String item = rolledUp != null ? rolledUp : key;
      if (item.compareTo(last) <= 0) {
        continue; // before the start, or a key of the common prefix just listed
      }
      if (contents.size() + commonPrefixes.size() == maxKeys) {
        return new Page(contents, commonPrefixes, last, true);
      }
      if (rolledUp != null) {
        commonPrefixes.add(rolledUp);
      } else {
        contents.add(entry);
      }
      last = item;
    }
    return new Page(contents, commonPrefixes, last, false);
  }

  /** The common prefix {@code key} rolls up into, or null when the delimiter does not follow the prefix in it. */
  private static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter.isEmpty()) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }

  private static int maxKeys(S3Request request) throws S3Exception {
    try {
      int value = Integer.parseInt(request.param("max-keys").orElse(String.valueOf(MAX_KEYS)));
      if (value < 0) {
        throw S3Exception.invalidArgument("max-keys must not be negative");
      }
      return Math.min(value, MAX_KEYS);
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("max-keys must be a number");
    }
  }

  private static String encode(String value, boolean urlEncoded) {
    return urlEncoded ? UriEncoding.encode(value, true) : value;
  }

  private static String encodeToken(String lastItem) {
    return Base64.getUrlEncoder().encodeToString(lastItem.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
