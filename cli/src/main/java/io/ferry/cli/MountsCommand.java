package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.MountEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code ferry fs mounts}: one line per mount, starting with its Ferry path
 * ({@code PATH UFS_URI ro|rw id=N options=K=V,...}); options as the master
 * returns them, i.e. with secrets masked.
 */
@Command(name = "mounts", description = "Show the mount table.", mixinStandardHelpOptions = true)
final class MountsCommand extends ClientCommand {
  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    for (MountEntry m : client.getMountTable()) {
      out.println(String.format(Locale.ROOT, "%-24s %-48s %s id=%d options=%s", m.ferryPath(), m.ufsUri(),
          m.readOnly() ? "ro" : "rw", m.mountId(), options(m.options())));
    }
  }

  private static String options(Map<String, String> options) {
    return options.isEmpty() ? "-" : options.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
