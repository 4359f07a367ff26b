package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Signature checks of whole requests, on AWS's presigned-URL and GET Object examples. */
class SigV4AuthenticatorTest {
  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final AccessKeys KEYS = new AccessKeys(Map.of(ACCESS_KEY, SigV4SignerTest.S3_SECRET));
  private static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");

  private static SigV4Authenticator authenticator(Instant now, boolean anonymous) {
    return new SigV4Authenticator(KEYS, anonymous, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** AWS's presigned GET of examplebucket/test.txt, valid 86400 s, with {@code signature}. */
  private static S3Request presigned(String signature) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    query.put("X-Amz-Credential", ACCESS_KEY + "/" + SigV4SignerTest.S3_SCOPE);
    query.put("X-Amz-Date", SigV4SignerTest.S3_DATE);
    query.put("X-Amz-Expires", "86400");
    query.put("X-Amz-SignedHeaders", "host");
    query.put("X-Amz-Signature", signature);
    return request("/test.txt", query, Map.of("Host", "examplebucket.s3.amazonaws.com"));
  }

  private static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

  /** AWS's GET Object example (bytes 0-9 of examplebucket/test.txt) signed in the Authorization header. */
  private static S3Request signedGet(String secretSignature) {
    return request("/test.txt", Map.of(), Map.of("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
        "x-amz-content-sha256", SigV4SignerTest.EMPTY_SHA256, "x-amz-date", SigV4SignerTest.S3_DATE,
        "Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + SigV4SignerTest.S3_SCOPE
            + ",SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + secretSignature));
  }

  private static S3Request request(String path, Map<String, String> query, Map<String, String> headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> h.put(name, List.of(value)));
    return new S3Request("GET", path, "test.txt", "", query, h, InputStream.nullInputStream());
  }

  @Test
  void presignedUrlOfTheAwsExampleIsAccepted() throws S3Exception {
    assertThat(authenticator(EXAMPLE_TIME.plusSeconds(60), false).authenticate(presigned(PRESIGNED_SIGNATURE)))
        .contains(ACCESS_KEY);
  }

  @Test
  void presignedUrlWithAnotherSignatureDoesNotMatch() {
    String tampered = PRESIGNED_SIGNATURE.replace('a', 'b');
    assertThatThrownBy(() -> authenticator(EXAMPLE_TIME, false).authenticate(presigned(tampered)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
  }

  @Test
  void presignedUrlIsRefusedOnceExpired() {
    assertThatThrownBy(() -> authenticator(EXAMPLE_TIME.plusSeconds(86401), false)
        .authenticate(presigned(PRESIGNED_SIGNATURE)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));
  }

  @Test
  void headerSignatureOfTheAwsExampleIsAccepted() throws S3Exception {
    assertThat(authenticator(EXAMPLE_TIME, false)
        .authenticate(signedGet("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")))
        .contains(ACCESS_KEY);
  }

  @Test
  void headerSignatureFromLongAgoIsTooSkewed() {
    assertThatThrownBy(() -> authenticator(EXAMPLE_TIME.plusSeconds(3600), false)
        .authenticate(signedGet("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("RequestTimeTooSkewed"));
  }

  @Test
  void unknownAccessKeyIsRefused() {
    SigV4Authenticator none = new SigV4Authenticator(AccessKeys.none(), false,
        Clock.fixed(EXAMPLE_TIME, ZoneOffset.UTC));
    assertThatThrownBy(() -> none.authenticate(presigned(PRESIGNED_SIGNATURE)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidAccessKeyId"));
  }

  @Test
  void unsignedRequestIsDeniedUnlessAnonymousAccessIsEnabled() throws S3Exception {
    S3Request unsigned = request("/b/k", Map.of(), Map.of("Host", "localhost"));
    assertThatThrownBy(() -> authenticator(EXAMPLE_TIME, false).authenticate(unsigned))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));
    assertThat(authenticator(EXAMPLE_TIME, true).authenticate(unsigned)).isEmpty();
  }
}
