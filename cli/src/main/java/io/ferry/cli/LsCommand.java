package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.ListingIterator;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs ls}: like {@code ls -l}; with -R each entry shows its full path. */
@Command(name = "ls", description = "List a directory (mode, owner, group, size, % cached, mtime, name).",
    mixinStandardHelpOptions = true)
final class LsCommand extends ClientCommand {
  @Option(names = {"-R", "--recursive"}, description = "List subdirectories too, with full paths.")
  boolean recursive;

  @Option(names = "--sync", description = "Re-sync the metadata with the under storage first.")
  boolean sync;

  @Parameters(paramLabel = "PATH", defaultValue = "/", description = "Ferry path (default: /).")
  String path;

  private static final int FLUSH_CHARS = 1 << 16;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    list(client, out, path);
  }

  private void list(FerryClient client, PrintStream out, String dir) throws IOException {
    List<PathStatus> subdirs = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    try (ListingIterator it = client.listStatusIterator(dir, sync)) {
      while (it.hasNext()) {
        PathStatus f = it.next();
        Formats.appendLsLine(lines, f, recursive ? f.path() : f.name());
        if (recursive && f.isDirectory() && !f.path().equals(dir)) {
          subdirs.add(f);
        }
        if (!it.hasBuffered() || lines.length() >= FLUSH_CHARS) {
          print(out, lines); // a page at a time: a flush per line was most of a big listing's time
        }
      }
    }
    print(out, lines);
    for (PathStatus d : subdirs) {
      list(client, out, d.path());
    }
  }

  /** Writes the lines in one piece (the stream flushes once for them) and empties the buffer. */
  private static void print(PrintStream out, StringBuilder lines) {
    out.print(lines);
    lines.setLength(0);
  }
}
