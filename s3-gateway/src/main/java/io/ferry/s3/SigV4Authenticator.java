package io.ferry.s3;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the SigV4 signature of a request, in the Authorization header or
 * in the query (presigned URLs), against the configured access keys. An
 * unsigned request passes only when anonymous access is enabled.
 */
public final class SigV4Authenticator {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** How far a header-signed request's time may be from ours, as S3 allows. */
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private final AccessKeys keys;
  private final boolean anonymousEnabled;
  private final Clock clock;

  public SigV4Authenticator(AccessKeys keys, boolean anonymousEnabled, Clock clock) {
    this.keys = keys;
    this.anonymousEnabled = anonymousEnabled;
    this.clock = clock;
  }

  /** The access key id the request is signed with; empty for an anonymous request. */
  public Optional<String> authenticate(S3Request request) throws S3Exception {
    Optional<String> header = request.header("Authorization");
    if (header.isPresent()) {
      return Optional.of(checkHeader(request, header.get()));
    }
    if (request.hasParam("X-Amz-Signature")) {
      return Optional.of(checkPresigned(request));
    }
    if (request.hasParam("AWSAccessKeyId")) {
      throw S3Exception.accessDenied("Only Signature Version 4 is supported: presign with s3v4");
    }
    if (!anonymousEnabled) {
      throw S3Exception.accessDenied("Anonymous access is turned off (ferry.s3.anonymous.enabled); sign the request");
    }
    return Optional.empty();
  }

  private String checkHeader(S3Request request, String authorization) throws S3Exception {
    if (!authorization.startsWith(SigV4Signer.ALGORITHM + " ")) {
      throw new S3Exception("AuthorizationHeaderMalformed", 400,
          "Only " + SigV4Signer.ALGORITHM + " (Signature Version 4) is supported.", "");
    }
    Map<String, String> fields = new HashMap<>();
    for (String field : authorization.substring(SigV4Signer.ALGORITHM.length() + 1).split(",")) {
      String[] nameValue = field.trim().split("=", 2);
      if (nameValue.length == 2) {
        fields.put(nameValue[0], nameValue[1]);
      }
    }
    String amzDate = request.header("x-amz-date").orElseThrow(() -> malformed("the x-amz-date header is missing"));
    Instant time = parseTime(amzDate);
    if (Duration.between(time, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Exception("RequestTimeTooSkewed", 403,
          "The difference between the request time and the server's time is too large.", "");
    }
    String payloadHash = request.header("x-amz-content-sha256").orElse(UNSIGNED_PAYLOAD);
    verify(request, required(fields, "Credential"), required(fields, "SignedHeaders"), required(fields, "Signature"),
        amzDate, payloadHash, request.query());
    return accessKeyOf(required(fields, "Credential"));
  }

  private String checkPresigned(S3Request request) throws S3Exception {
    String amzDate = requiredParam(request, "X-Amz-Date");
    Instant expires = parseTime(amzDate).plusSeconds(parseSeconds(requiredParam(request, "X-Amz-Expires")));
    if (clock.instant().isAfter(expires)) {
      throw S3Exception.accessDenied("Request has expired");
    }
    Map<String, String> query = new LinkedHashMap<>(request.query());
    String signature = query.remove("X-Amz-Signature");
    verify(request, requiredParam(request, "X-Amz-Credential"), requiredParam(request, "X-Amz-SignedHeaders"),
        signature, amzDate, UNSIGNED_PAYLOAD, query);
    return accessKeyOf(requiredParam(request, "X-Amz-Credential"));
  }

  private void verify(S3Request request, String credential, String signedHeaderList, String signature,
      String amzDate, String payloadHash, Map<String, String> query) throws S3Exception {
    String[] scope = credential.split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4]) || !amzDate.startsWith(scope[1])) {
      throw malformed("the credential '" + credential + "' is not ACCESS_KEY/yyyyMMdd/region/service/aws4_request"
          + " of the request's date");
    }
    String secret = keys.secretOf(scope[0]).orElseThrow(() -> new S3Exception("InvalidAccessKeyId", 403,
        "The AWS Access Key Id you provided does not exist in our records.", ""));
    List<String> signedHeaders = Arrays.asList(signedHeaderList.toLowerCase(Locale.ROOT).split(";"));
    Map<String, String> headerValues = new HashMap<>();
    for (String name : signedHeaders) {
      List<String> values = request.headers().get(name);
      headerValues.put(name, values == null ? "" : String.join(",", values));
    }
    String canonical = SigV4Signer.canonicalRequest(request.method(), UriEncoding.encode(request.path(), true), query,
        headerValues, signedHeaders, payloadHash);
    String expected = SigV4Signer.signature(secret, scope[1], scope[2], scope[3],
        SigV4Signer.stringToSign(amzDate, String.join("/", Arrays.copyOfRange(scope, 1, 5)), canonical));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw S3Exception.signatureDoesNotMatch();
    }
  }

  private static String accessKeyOf(String credential) {
    return credential.substring(0, credential.indexOf('/'));
  }

  private static Instant parseTime(String amzDate) throws S3Exception {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw malformed("the date '" + amzDate + "' is not yyyyMMdd'T'HHmmss'Z'");
    }
  }

  private static long parseSeconds(String value) throws S3Exception {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw malformed("X-Amz-Expires '" + value + "' is not a number of seconds");
    }
  }

  private static String required(Map<String, String> fields, String name) throws S3Exception {
    String value = fields.get(name);
    if (value == null) {
      throw malformed("the Authorization header has no " + name);
    }
    return value;
  }

  private static String requiredParam(S3Request request, String name) throws S3Exception {
    return request.param(name).orElseThrow(() -> malformed("the presigned URL has no " + name));
  }

  private static S3Exception malformed(String why) {
    return new S3Exception("AuthorizationHeaderMalformed", 400, "The authorization is malformed: " + why + ".", "");
  }
}
