package io.ferry.master.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK. A sealed value is a version byte, a random
 * 12-byte nonce and the ciphertext with its tag; it is bound to a context
 * (the name it is stored under), so it opens only under that name.
 */
public final class SecretCipher {
  private static final int KEY_BYTES = 32;
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int HEADER_BYTES = 1 + NONCE_BYTES;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** {@code key}: at least 32 bytes (a key file's); the first 32 are used. */
  public SecretCipher(byte[] key) {
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException("An AES-256 key needs " + KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, 0, KEY_BYTES, "AES");
  }

  public byte[] seal(String context, String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, context).doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e); // the JDK always has AES-GCM
    }
  }

  /** The value {@link #seal} sealed under {@code context}; empty if it was sealed with another key or context, or altered. */
  public Optional<String> open(String context, byte[] sealed) {
    if (sealed.length < HEADER_BYTES || sealed[0] != VERSION) {
      return Optional.empty();
    }
    try {
      byte[] plain = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, 1, HEADER_BYTES), context)
          .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
