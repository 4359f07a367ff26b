package io.ferry.fuse;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's mount table (/proc/self/mountinfo) as far as a FUSE mount
 * needs it: is a directory a mount point, and is the mount there stale
 * (left by a killed process: "Transport endpoint is not connected").
 */
public final class MountPoints {
  private static final Logger LOG = LoggerFactory.getLogger(MountPoints.class);
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountPoints() {}

  public static boolean isMounted(Path dir) {
    String target = dir.toAbsolutePath().normalize().toString();
    try {
      return Files.readAllLines(MOUNTINFO).stream().anyMatch(line -> target.equals(mountPointOf(line)));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
    }
  }

  /** Field 5 of a mountinfo line, with the kernel's octal escapes (\040 for a space) undone. */
  static String mountPointOf(String line) {
    String[] fields = line.split(" ");
    return fields.length > 4 ? unescape(fields[4]) : "";
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A mount whose server is gone: the directory is in the mount table but cannot be read. */
  public static boolean isStale(Path dir) {
    if (!isMounted(dir)) {
      return false;
    }
    // listing, not stat: the kernel answers stat from its attribute cache even when the server is gone
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.iterator().hasNext();
      return false;
    } catch (IOException | DirectoryIteratorException e) {
      return String.valueOf(e.getMessage()).contains("Transport endpoint is not connected");
    }
  }

  /** Lazily unmounts a directory: fusermount -u -z, else umount -l. */
  public static void unmount(Path dir) throws IOException {
    String target = dir.toAbsolutePath().normalize().toString();
    if (run(List.of("fusermount", "-u", "-z", target)) || run(List.of("umount", "-l", target))) {
      return;
    }
    throw new IOException("Cannot unmount " + target + ": both 'fusermount -u -z' and 'umount -l' failed");
  }

  private static boolean run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() != 0) {
        LOG.debug("{} exited {}: {}", String.join(" ", command), p.exitValue(), output);
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      LOG.debug("Cannot run {}: {}", command.get(0), e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
