package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS's published SigV4 examples: the S3 examples of "Authenticating
 * Requests: Using the Authorization Header" (examplebucket, 20130524) and
 * get-vanilla of the SigV4 test suite.
 */
class SigV4SignerTest {
  static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String S3_DATE = "20130524T000000Z";
  static final String S3_SCOPE = "20130524/us-east-1/s3/aws4_request";

  private static String s3Signature(String canonicalRequest) {
    return SigV4Signer.signature(S3_SECRET, "20130524", "us-east-1", "s3",
        SigV4Signer.stringToSign(S3_DATE, S3_SCOPE, canonicalRequest));
  }

  private static final String GET_OBJECT = SigV4Signer.canonicalRequest("GET", "/test.txt", Map.of(),
      Map.of("host", "examplebucket.s3.amazonaws.com", "range", "bytes=0-9", "x-amz-content-sha256", EMPTY_SHA256,
          "x-amz-date", S3_DATE),
      List.of("host", "range", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA256);

  @Test
  void canonicalRequestOfGetObjectIsAwsExample() {
    assertThat(GET_OBJECT).isEqualTo("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
        + "x-amz-content-sha256:" + EMPTY_SHA256 + "\nx-amz-date:20130524T000000Z\n\n"
        + "host;range;x-amz-content-sha256;x-amz-date\n" + EMPTY_SHA256);
  }

  @Test
  void stringToSignOfGetObjectIsAwsExample() {
    assertThat(SigV4Signer.stringToSign(S3_DATE, S3_SCOPE, GET_OBJECT)).isEqualTo("AWS4-HMAC-SHA256\n"
        + S3_DATE + "\n" + S3_SCOPE + "\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  }

  @Test
  void signatureOfGetObjectIsAwsExample() {
    assertThat(s3Signature(GET_OBJECT)).isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void signatureOfPutObjectWithAnEncodedKeyIsAwsExample() {
    String payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    String canonical = SigV4Signer.canonicalRequest("PUT", UriEncoding.encode("/test$file.text", true), Map.of(),
        Map.of("date", "Fri, 24 May 2013 00:00:00 GMT", "host", "examplebucket.s3.amazonaws.com",
            "x-amz-content-sha256", payload, "x-amz-date", S3_DATE, "x-amz-storage-class", "REDUCED_REDUNDANCY"),
        List.of("date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class"), payload);
    assertThat(s3Signature(canonical)).isEqualTo("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  }

  @Test
  void signatureOfASubresourceWithoutValueIsAwsExample() {
    String canonical = SigV4Signer.canonicalRequest("GET", "/", Map.of("lifecycle", ""),
        Map.of("host", "examplebucket.s3.amazonaws.com", "x-amz-content-sha256", EMPTY_SHA256, "x-amz-date", S3_DATE),
        List.of("host", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA256);
    assertThat(s3Signature(canonical)).isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  }

  @Test
  void signatureSortsTheQueryParametersAsAwsExample() {
    String canonical = SigV4Signer.canonicalRequest("GET", "/", Map.of("prefix", "J", "max-keys", "2"),
        Map.of("host", "examplebucket.s3.amazonaws.com", "x-amz-content-sha256", EMPTY_SHA256, "x-amz-date", S3_DATE),
        List.of("host", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA256);
    assertThat(canonical).contains("\nmax-keys=2&prefix=J\n");
    assertThat(s3Signature(canonical)).isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }

  @Test
  void signatureOfGetVanillaFromTheTestSuite() {
    String canonical = SigV4Signer.canonicalRequest("GET", "/", Map.of(),
        Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"), List.of("host", "x-amz-date"),
        EMPTY_SHA256);
    String stringToSign = SigV4Signer.stringToSign("20150830T123600Z",
        SigV4Signer.scope("20150830", "us-east-1", "service"), canonical);
    assertThat(SigV4Signer.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service",
        stringToSign)).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void headerValuesAreTrimmedAndInnerSpacesCollapsed() {
    String canonical = SigV4Signer.canonicalRequest("GET", "/", Map.of(), Map.of("my-header", "  a   b  c "),
        List.of("my-header"), EMPTY_SHA256);
    assertThat(canonical).contains("\nmy-header:a b c\n");
  }
}
