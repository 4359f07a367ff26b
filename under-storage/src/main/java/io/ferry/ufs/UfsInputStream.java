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

  public UfsInputStream(InputStream in, FingerprintSource source) {
    super(in);
    this.source = source;
  }

  /** A stream of a version whose fingerprint the store told with the bytes. */
  public static UfsInputStream of(InputStream in, String fingerprint) {
    return new UfsInputStream(in, () -> fingerprint);
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
