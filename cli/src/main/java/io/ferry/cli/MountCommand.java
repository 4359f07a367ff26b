package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.MountEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs mount}. */
@Command(name = "mount", description = "Mount an under storage into the Ferry namespace.",
    mixinStandardHelpOptions = true)
final class MountCommand extends ClientCommand {
  @Option(names = {"--option", "-o"}, paramLabel = "KEY=VALUE", description = "A mount option (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--readonly", description = "Refuse writes below the mount.")
  boolean readOnly;

  @Parameters(index = "0", paramLabel = "FERRY_PATH", description = "Where to mount in Ferry.")
  String ferryPath;

  @Parameters(index = "1", paramLabel = "UFS_URI", description = "e.g. file:///abs/dir or /abs/dir.")
  String ufsUri;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    MountEntry m = client.mount(ferryPath, ufsUri, options, readOnly);
    out.println("Mounted " + m.ufsUri() + " at " + m.ferryPath() + " (mount id " + m.mountId() + ")");
  }
}
