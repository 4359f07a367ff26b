package io.ferry.common.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Instant;
import java.util.Base64;

/**
 * Proves a call between Ferry's daemons comes from one of them: with
 * authentication on, masters and workers (and no client) hold the block key
 * ({@link BlockKeyFile}), so each signs its calls to the others with it
 * ({@link DaemonCredentials}), and the callee lets through only calls that
 * can show one ({@link DaemonsOnly}): the master hands mount credentials
 * ({@code GetMount}) and registrations only to workers, a worker loads,
 * copies and persists blocks only for the master. The text is
 * {@code fwk1.EXPIRY-MS.SIGNATURE} (the prefix of when workers alone signed),
 * the HMAC-SHA256 of the prefix and expiry under the block key (base64url):
 * short lived, so one seen (in a log, on a connection without TLS) soon
 * proves nothing.
 */
public final class DaemonProofs {
  private static final String PREFIX = "fwk1";

  private final HmacSha256 hmac;

  public DaemonProofs(byte[] blockKey) {
    this.hmac = new HmacSha256(blockKey);
  }

  public String sign(Instant expiry) {
    String signed = PREFIX + "." + expiry.toEpochMilli();
    return signed + "." + HmacSha256.base64(hmac.sign(signed));
  }

  /** Passes a proof {@link #sign} wrote with this key that has not expired at {@code now}; UNAUTHENTICATED, saying why, else. */
  public void check(String proof, Instant now) throws FerryException {
    if (proof == null || proof.isEmpty()) {
      throw refused("no daemon proof (masters and workers sign their calls to each other with the key of "
          + "ferry.security.block.key.file when ferry.security.authentication.type is not NONE; clients cannot)");
    }
    int last = proof.lastIndexOf('.');
    String signed = last < 0 ? "" : proof.substring(0, last);
    if (!signed.startsWith(PREFIX + ".") || !hmac.signed(signed, signature(proof.substring(last + 1)))) {
      throw refused("daemon proof invalid (not signed with this cluster's block key)");
    }
    long expiry;
    try {
      expiry = Long.parseLong(signed.substring(PREFIX.length() + 1));
    } catch (NumberFormatException e) {
      throw refused("daemon proof malformed");
    }
    if (now.toEpochMilli() >= expiry) {
      throw refused("daemon proof expired at " + Instant.ofEpochMilli(expiry) + " (are the clocks of the "
          + "two hosts apart?)");
    }
  }

  private static byte[] signature(String base64) {
    try {
      return Base64.getUrlDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0]; // never equal to a signature
    }
  }

  private static FerryException refused(String why) {
    return new FerryException(ErrorCode.UNAUTHENTICATED, why);
  }
}
