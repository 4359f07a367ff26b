package io.ferry.ufs;

import java.io.OutputStream;

/** A file being written to an under storage. */
public abstract class UfsOutputStream extends OutputStream {
  /** The written file's status; valid once the stream is closed. */
  public abstract UfsStatus status();
}
