package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.FreeResult;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs free PATH}: like Alluxio's, never drops a file's only copy, nor a pinned file's. */
@Command(name = "free", mixinStandardHelpOptions = true,
    description = "Drop the cached copies of a file, or of every file below a directory; "
        + "files not in the under storage yet and pinned files keep theirs.")
final class FreeCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    FreeResult r = client.free(path);
    out.println("Freed " + r.freedFiles() + (r.freedFiles() == 1 ? " file (" : " files (")
        + Formats.bytes(r.freedBytes()) + ") under " + path);
    if (r.notPersistedFiles() > 0) {
      out.println("Kept " + files(r.notPersistedFiles())
          + " not in the under storage yet, whose only copy is the cache (such as " + r.firstNotPersisted() + ")");
    }
    if (r.pinnedFiles() > 0) {
      out.println("Kept " + files(r.pinnedFiles()) + " pinned (such as " + r.firstPinned()
          + "); ferry fs unpin first to free them");
    }
  }

  private static String files(long count) {
    return count + (count == 1 ? " file" : " files");
  }
}
