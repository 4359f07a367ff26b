package io.ferry.common.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks tokens: {@code ferry1.PAYLOAD.SIGNATURE}, the payload
 * (user, groups, expiry) and its HMAC-SHA256 under the cluster's token key,
 * both base64url. Whoever holds the key can mint tokens: it stays with the
 * masters and their admins.
 */
public final class Tokens {
  private static final String PREFIX = "ferry1";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public Tokens(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** A token naming {@code who}, valid until {@code expiry}. */
  public String create(Identity who, Instant expiry) {
    checkName(who.user(), "user");
    who.groups().forEach(g -> checkName(g, "group"));
    String payload = who.user() + "\n" + String.join(",", who.groups()) + "\n" + expiry.toEpochMilli();
    String encoded = base64(payload.getBytes(StandardCharsets.UTF_8));
    return PREFIX + "." + encoded + "." + base64(sign(encoded));
  }

  /** The identity a token names; UNAUTHENTICATED if it is malformed, forged or expired at {@code now}. */
  public Identity verify(String token, Instant now) throws FerryException {
    String[] parts = token.trim().split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(PREFIX)) {
      throw refused("token malformed (expected " + PREFIX + ".PAYLOAD.SIGNATURE)");
    }
    byte[] signature = decode(parts[2]);
    if (!MessageDigest.isEqual(signature, sign(parts[1]))) {
      throw refused("token signature invalid (not signed with this cluster's token key)");
    }
    String[] fields = new String(decode(parts[1]), StandardCharsets.UTF_8).split("\n", -1);
    if (fields.length != 3) {
      throw refused("token malformed (its payload has " + fields.length + " fields, expected 3)");
    }
    Instant expiry = Instant.ofEpochMilli(parseLong(fields[2]));
    if (!now.isBefore(expiry)) {
      throw refused("token expired at " + expiry + " (user " + fields[0] + ")");
    }
    List<String> groups = fields[1].isEmpty() ? List.of() : Arrays.asList(fields[1].split(","));
    return new Identity(fields[0], groups);
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  private static void checkName(String name, String what) {
    if (name.isEmpty() || name.chars().anyMatch(c -> c == ',' || c == '\n' || Character.isWhitespace(c))) {
      throw new IllegalArgumentException("Invalid " + what + " name '" + name + "': it must be non-empty, "
          + "without spaces or commas");
    }
  }

  private static long parseLong(String s) throws FerryException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw refused("token malformed (expiry '" + s + "' is not a number)");
    }
  }

  private static byte[] decode(String s) throws FerryException {
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw refused("token malformed (not base64url)");
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static FerryException refused(String why) {
    return new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: " + why);
  }
}
