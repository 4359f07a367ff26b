package io.ferry.common.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Instant;
import java.util.Base64;

/**
 * Proves a call to the master's WorkerMasterService comes from a worker:
 * with authentication on, masters and workers (and no client) hold the block
 * key ({@link BlockKeyFile}), so a worker signs each call with it, and the
 * master hands mount credentials ({@code GetMount}) and registrations only
 * to callers that can. The text is {@code fwk1.EXPIRY-MS.SIGNATURE}, the
 * HMAC-SHA256 of the prefix and expiry under the block key (base64url): short
 * lived, so one seen (in a log, on a connection without TLS) soon proves
 * nothing.
 */
public final class WorkerProofs {
  private static final String PREFIX = "fwk1";

  private final HmacSha256 hmac;

  public WorkerProofs(byte[] blockKey) {
    this.hmac = new HmacSha256(blockKey);
  }

  public String sign(Instant expiry) {
    String signed = PREFIX + "." + expiry.toEpochMilli();
    return signed + "." + HmacSha256.base64(hmac.sign(signed));
  }

  /** Passes a proof {@link #sign} wrote with this key that has not expired at {@code now}; UNAUTHENTICATED else. */
  public void check(String proof, Instant now) throws FerryException {
    if (proof == null || proof.isEmpty()) {
      throw refused("no worker proof (a worker signs its calls with the key of "
          + "ferry.security.block.key.file when its ferry.security.authentication.type is, as the master's, not NONE)");
    }
    int last = proof.lastIndexOf('.');
    String signed = last < 0 ? "" : proof.substring(0, last);
    if (!signed.startsWith(PREFIX + ".") || !hmac.signed(signed, signature(proof.substring(last + 1)))) {
      throw refused("worker proof invalid (not signed with this cluster's block key)");
    }
    long expiry;
    try {
      expiry = Long.parseLong(signed.substring(PREFIX.length() + 1));
    } catch (NumberFormatException e) {
      throw refused("worker proof malformed");
    }
    if (now.toEpochMilli() >= expiry) {
      throw refused("worker proof expired at " + Instant.ofEpochMilli(expiry) + " (are the clocks of this "
          + "master and the worker apart?)");
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
    return new FerryException(ErrorCode.UNAUTHENTICATED, "Only workers may call this service: " + why);
  }
}
