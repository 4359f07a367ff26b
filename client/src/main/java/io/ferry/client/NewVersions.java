package io.ferry.client;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Appends and truncates of complete files. Ferry files are written once, so
 * either writes a new version of the file under a temporary name beside it
 * ({@code .NAME.ferry-append}): its first bytes copied from the file, then
 * what the writer adds; its completion replaces the file (the master's
 * replace-on-complete), so readers see the old version until then, and the
 * new one whole. The temporary name is the writer's lease: a second writer's
 * create of it fails, so one file has one appender at a time.
 */
final class NewVersions {
  private static final String SUFFIX = ".ferry-append";
  private static final int COPY_BUFFER = 1 << 20;

  private final FerryClient client;

  NewVersions(FerryClient client) {
    this.client = client;
  }

  /** The temporary name of {@code path}'s new version, in its directory (so in its mount). */
  static String temporaryPath(String path) {
    return FerryPath.join(FerryPath.parent(path), "." + FerryPath.name(path) + SUFFIX);
  }

  /**
   * A new version of the complete file {@code file} that starts with its
   * first {@code keep} bytes; closing it puts it in the file's place.
   */
  FerryOutputStream open(PathStatus file, long keep) throws IOException {
    if (file.isDirectory()) {
      throw FerryException.isADirectory(file.path());
    }
    if (!file.complete()) {
      throw busy(file.path(), "it is still being written");
    }
    if (keep < 0 || keep > file.length()) {
      throw FerryException.invalidArgument("Cannot keep " + keep + " bytes of " + file.path() + " ("
          + file.length() + " bytes)");
    }
    FerryOutputStream out = createTemporary(file).replacing(file.id());
    try (InputStream in = client.openFile(file)) {
      copy(in, out, keep);
    } catch (IOException e) {
      throw out.abandon(e);
    }
    return out;
  }

  private FerryOutputStream createTemporary(PathStatus file) throws IOException {
    String temp = temporaryPath(file.path());
    CreateOptions options = CreateOptions.DEFAULT.withMode(file.mode()).withBlockSize(file.blockSize());
    try {
      return client.createFile(temp, options);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
    }
    PathStatus left = client.getStatus(temp);
    if (!left.complete()) {
      throw busy(file.path(), "another writer is appending to or truncating it (" + temp + "); if that writer"
          + " died, the master removes its file after ferry.master.file.lease.timeout");
    }
    // completed by lease recovery after its writer died, so never put in place: an abandoned version
    client.delete(temp, false);
    return client.createFile(temp, options);
  }

  private static FerryException busy(String path, String why) {
    return new FerryException(ErrorCode.FILE_BUSY, "Cannot write a new version of " + path + ": " + why);
  }

  /** Copies the first {@code length} bytes of {@code in}. */
  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
    for (long left = length; left > 0; ) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new FerryException(ErrorCode.DATA_LOST, "The file being copied ended " + left + " bytes early");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }
}
