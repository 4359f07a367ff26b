package io.ferry.ufs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream of a file's bytes that also tells which version of the file it
 * read: the {@link UfsStatus#fingerprint()} of that version. A reader that
 * asked for one version compares it, so bytes of a file that changed since
 * its status was taken are never taken for the old version's.
 */
public final class UfsInputStream extends FilterInputStream {
  /** The fingerprint of a file that no longer exists; it matches no status's. */
  public static final String GONE = "(gone)";

  /** Where the fingerprint comes from: known at the open (an object's ETag) or checked after reading. */
  @FunctionalInterface
  public interface FingerprintSource {
    String fingerprint() throws IOException;
  }

  private final FingerprintSource source;
  private final boolean knownAtOpen;

  /** A stream whose version is checked once its bytes are read (a file system's status). */
  public UfsInputStream(InputStream in, FingerprintSource source) {
    this(in, source, false);
  }

  private UfsInputStream(InputStream in, FingerprintSource source, boolean knownAtOpen) {
    super(in);
    this.source = source;
    this.knownAtOpen = knownAtOpen;
  }

  /** A stream of a version whose fingerprint the store told with the bytes. */
  public static UfsInputStream of(InputStream in, String fingerprint) {
    return new UfsInputStream(in, () -> fingerprint, true);
  }

  /** The same version's bytes read through {@code wrapper} (a stream over this one, counting them say). */
  public UfsInputStream through(InputStream wrapper) {
    return new UfsInputStream(wrapper, source, knownAtOpen);
  }

  /**
   * True if {@link #fingerprint} is known before any byte is read (an
   * object's ETag from the GET's answer), so a reader may hand the bytes on
   * as they come; false if it is only known once they are all read.
   */
  public boolean fingerprintKnownAtOpen() {
    return knownAtOpen;
  }

  /**
   * The fingerprint of the version read. Ask once the bytes are read: a file
   * system is checked at this call, so a file changed while it was read shows
   * its new fingerprint.
   */
  public String fingerprint() throws IOException {
    return source.fingerprint();
  }
}
