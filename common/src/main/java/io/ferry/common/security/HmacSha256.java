package io.ferry.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under one key, over the base64url text that tokens and capabilities travel as. */
final class HmacSha256 {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  HmacSha256(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  byte[] sign(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  /** True if {@code signature} is this key's of {@code text} (compared in constant time). */
  boolean signed(String text, byte[] signature) {
    return MessageDigest.isEqual(signature, sign(text));
  }

  static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
