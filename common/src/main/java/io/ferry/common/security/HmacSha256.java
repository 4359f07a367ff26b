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

  /** A Mac per thread, made once: getting and keying one per call costs more than the HMAC of a short text. */
  private final ThreadLocal<Mac> macs;

  HmacSha256(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> keyed(spec));
  }

  private static Mac keyed(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  /** doFinal leaves the Mac keyed and reset for the thread's next text. */
  byte[] sign(String text) {
    return macs.get().doFinal(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** True if {@code signature} is this key's of {@code text} (compared in constant time). */
  boolean signed(String text, byte[] signature) {
    return MessageDigest.isEqual(signature, sign(text));
  }

  static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
