package io.ferry.common.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs and checks block capabilities, as HDFS's block tokens: the master
 * signs one when it has checked the caller's permission on a file, and
 * workers read or write that file's blocks only for a request that carries
 * one covering it. The text is {@code fcap1.PAYLOAD.SIGNATURE}: the
 * capability's fields and their HMAC-SHA256 under the cluster's block key
 * ({@link BlockKeyFile}), both base64url. Clients pass it on untouched.
 */
public final class BlockCapabilities {
  private static final String PREFIX = "fcap1";

  private final HmacSha256 hmac;

  public BlockCapabilities(byte[] key) {
    this.hmac = new HmacSha256(key);
  }

  public String sign(BlockCapability capability) {
    String payload = HmacSha256.base64(encode(capability));
    return PREFIX + "." + payload + "." + HmacSha256.base64(hmac.sign(payload));
  }

  /**
   * Checks that {@code capability} (as {@link #sign} wrote it) was signed with
   * this key, is not expired at {@code now} and covers {@code asked};
   * PERMISSION_DENIED naming the block or file and why otherwise.
   */
  public BlockCapability check(String capability, BlockAccess asked, Instant now) throws FerryException {
    if (capability.isEmpty()) {
      throw denied(asked, "no capability (read or write the file through the master, which signs one when it "
          + "checks the permission)");
    }
    String[] parts = capability.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(PREFIX)) {
      throw denied(asked, "capability malformed (expected " + PREFIX + ".PAYLOAD.SIGNATURE)");
    }
    if (!hmac.signed(parts[1], unbase64(parts[2], asked))) {
      throw denied(asked, "capability signature invalid (not signed with this cluster's block key)");
    }
    BlockCapability c = parse(unbase64(parts[1], asked), asked);
    if (!now.isBefore(c.expiry())) {
      throw denied(asked, "capability expired at " + c.expiry() + " (user " + c.user() + ")");
    }
    if (c.fileId() != asked.fileId()) {
      throw denied(asked, "capability issued for file " + c.fileId() + ", not file " + asked.fileId());
    }
    if (c.access() != asked.access()) {
      throw denied(asked, "capability grants " + c.access() + ", not " + asked.access());
    }
    if (!asked.ufsUri().isEmpty() && (c.mountId() != asked.mountId() || !c.ufsUri().equals(asked.ufsUri()))) {
      throw denied(asked, "capability issued for under storage file " + c.ufsUri() + " (mount " + c.mountId()
          + "), not " + asked.ufsUri() + " (mount " + asked.mountId() + ")");
    }
    return c;
  }

  private static byte[] encode(BlockCapability c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(c.fileId());
      out.writeByte(c.access().ordinal());
      out.writeLong(c.mountId());
      out.writeUTF(c.ufsUri());
      out.writeUTF(c.user());
      out.writeLong(c.expiry().toEpochMilli());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from a byte array
    }
    return bytes.toByteArray();
  }

  /** Only ever called on a payload this key signed. */
  private static BlockCapability parse(byte[] payload, BlockAccess asked) throws FerryException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      long fileId = in.readLong();
      BlockCapability.Access access = BlockCapability.Access.values()[in.readUnsignedByte()];
      // arguments are evaluated left to right: the fields in the order encode wrote them
      return new BlockCapability(fileId, access, in.readLong(), in.readUTF(), in.readUTF(),
          Instant.ofEpochMilli(in.readLong()));
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw denied(asked, "capability malformed (" + e + ")");
    }
  }

  private static byte[] unbase64(String s, BlockAccess asked) throws FerryException {
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw denied(asked, "capability malformed (not base64url)");
    }
  }

  private static FerryException denied(BlockAccess asked, String why) {
    return new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + asked.what() + ": " + why);
  }
}
