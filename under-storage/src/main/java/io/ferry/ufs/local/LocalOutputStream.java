package io.ferry.ufs.local;

import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a local file atomically: the bytes go to a hidden temp file in the
 * target's directory, which is synced and renamed into place on close, so
 * readers see the old file or the whole new one, never a partial one. A
 * failed or aborted write removes the temp file.
 */
final class LocalOutputStream extends UfsOutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOutputStream.class);
  private static final String TEMP_MARKER = ".ferry-tmp-";
  /** Room left in a 255-byte file name for the dot, the marker and the random suffix. */
  private static final int MAX_NAME_BYTES_IN_TEMP = 200;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path target;
  private final String uri;
  private final boolean overwrite;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream out;

  private LocalOutputStream(Path target, String uri, boolean overwrite, Path temp, FileChannel channel) {
    super(uri);
    this.target = target;
    this.uri = uri;
    this.overwrite = overwrite;
    this.temp = temp;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
  }

  /** Starts writing {@code target}, whose parent directory exists. */
  static LocalOutputStream open(Path target, String uri, boolean overwrite) throws IOException {
    Path temp = target.resolveSibling(tempName(target.getFileName().toString()));
    FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new LocalOutputStream(target, uri, overwrite, temp, channel);
  }

  /** True for the names of files being written, which listings hide. */
  static boolean isTempName(String name) {
    return name.startsWith(".") && name.contains(TEMP_MARKER);
  }

  /** What the names of the temp files of a file named {@code name} start with. */
  static String tempPrefix(String name) {
    StringBuilder kept = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
      String cp = new String(Character.toChars(name.codePointAt(i)));
      bytes += cp.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES_IN_TEMP) {
        break;
      }
      kept.append(cp);
    }
    return "." + kept + TEMP_MARKER;
  }

  private static String tempName(String name) {
    return tempPrefix(name) + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  @Override
  protected void writeBytes(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  protected void flushBytes() throws IOException {
    out.flush();
  }

  @Override
  protected UfsStatus publish() throws IOException {
    out.flush();
    channel.force(true);
    UfsStatus written = LocalStatuses.read(temp, LocalStatuses.nameOf(target))
        .orElseThrow(() -> new NoSuchFileException(temp.toString()));
    channel.close();
    moveIntoPlace();
    return written; // rename keeps the inode and the mtime, hence the fingerprint
  }

  @Override
  protected IOException translate(IOException e) {
    return LocalErrors.translate(e, target, uri);
  }

  private void moveIntoPlace() throws IOException {
    if (overwrite) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE); // rename(2) replaces the old file atomically
    } else {
      Files.move(temp, target); // fails if a file appeared at the target meanwhile
    }
    syncDirectory(target.getParent());
  }

  /** Makes the rename durable; file systems that cannot sync directories only get a warning. */
  private void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.warn("Could not sync directory {} after writing {}: {}", dir, uri, e.toString());
    }
  }

  @Override
  protected void discard() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing the temp file of {} failed", uri, e);
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("Could not remove temp file {} of an unfinished write to {}: {}", temp, uri, e.toString());
    }
  }
}
