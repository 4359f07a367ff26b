package io.ferry.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The daemon's answer is a sequence of frames, each a type byte, a length and
 * that many bytes: output for the caller's stdout or stderr, then one exit frame
 * whose four bytes are the exit code.
 */
enum Frame {
  STDOUT, STDERR, EXIT;

  void write(DataOutputStream out, byte[] bytes, int off, int len) throws IOException {
    synchronized (out) {
      out.writeByte(ordinal());
      out.writeInt(len);
      out.write(bytes, off, len);
      out.flush();
    }
  }

  void writeExit(DataOutputStream out, int code) throws IOException {
    write(out, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code}, 0, 4);
  }

  static Frame readType(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte();
    if (type >= values().length) {
      throw new IOException("unknown frame type " + type + " from the CLI daemon");
    }
    return values()[type];
  }

  /** An output stream whose every write becomes one frame of this type. */
  OutputStream stream(DataOutputStream out) {
    return SocketStreams.out((b, off, len) -> write(out, b, off, len));
  }
}
