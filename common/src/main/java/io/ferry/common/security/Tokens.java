package io.ferry.common.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Signs and checks tokens: {@code ferry1.PAYLOAD.SIGNATURE}, the payload
 * (user, groups, expiry) and its HMAC-SHA256 under the cluster's token key,
 * both base64url. Whoever holds the key can mint tokens: it stays with the
 * masters and their admins.
 */
public final class Tokens {
  private static final String PREFIX = "ferry1";
  private final HmacSha256 hmac;

  public Tokens(byte[] key) {
    this.hmac = new HmacSha256(key);
  }

  /** A token naming {@code who}, valid until {@code expiry}. */
  public String create(Identity who, Instant expiry) {
    checkName(who.user(), "user");
    who.groups().forEach(g -> checkName(g, "group"));
    String payload = who.user() + "\n" + String.join(",", who.groups()) + "\n" + expiry.toEpochMilli();
    String encoded = HmacSha256.base64(payload.getBytes(StandardCharsets.UTF_8));
    return PREFIX + "." + encoded + "." + HmacSha256.base64(hmac.sign(encoded));
  }

  /** The identity a token names; UNAUTHENTICATED if it is malformed, forged or expired at {@code now}. */
  public Identity verify(String token, Instant now) throws FerryException {
    String[] parts = token.trim().split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(PREFIX)) {
      throw refused("token malformed (expected " + PREFIX + ".PAYLOAD.SIGNATURE)");
    }
    if (!hmac.signed(parts[1], decode(parts[2]))) {
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

  private static FerryException refused(String why) {
    return new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: " + why);
  }
}
