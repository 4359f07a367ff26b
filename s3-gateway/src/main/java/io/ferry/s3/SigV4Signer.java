package io.ferry.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, as in AWS's "Signature Version 4 signing process":
 * the canonical request, the string to sign and the signature. Pure
 * functions; {@link SigV4Authenticator} applies them to requests.
 */
public final class SigV4Signer {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private SigV4Signer() {}

  /**
   * The canonical request.
   *
   * @param canonicalUri the path, URI-encoded once ('/' kept)
   * @param query the decoded query parameters (the signature itself left out)
   * @param headers the value of each signed header (lower-case name; several values joined by ',')
   * @param signedHeaders the signed header names, lower case, sorted
   * @param payloadHash the hex SHA-256 of the body, or UNSIGNED-PAYLOAD
   */
  public static String canonicalRequest(String method, String canonicalUri, Map<String, String> query,
      Map<String, String> headers, List<String> signedHeaders, String payloadHash) {
    return method + "\n" + canonicalUri + "\n" + canonicalQuery(query) + "\n"
        + signedHeaders.stream().map(h -> h + ":" + trimValue(headers.getOrDefault(h, "")) + "\n")
            .collect(Collectors.joining())
        + "\n" + String.join(";", signedHeaders) + "\n" + payloadHash;
  }

  /** {@code date/region/service/aws4_request}. */
  public static String scope(String date, String region, String service) {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
  }

  /** The hex signature of {@code stringToSign} with the key derived from {@code secret} for the scope. */
  public static String signature(String secret, String date, String region, String service, String stringToSign) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return HexFormat.of().formatHex(hmac(key, stringToSign));
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String canonicalQuery(Map<String, String> query) {
    TreeMap<String, String> sorted = new TreeMap<>();
    query.forEach((name, value) -> sorted.put(UriEncoding.encode(name, false), UriEncoding.encode(value, false)));
    return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
  }

  /** Leading and trailing spaces removed, inner runs of spaces made one. */
  private static String trimValue(String value) {
    return value.trim().replaceAll(" +", " ");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
