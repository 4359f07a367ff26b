package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.cli.ClientCommand;
import io.ferry.common.conf.PropertyType;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry bench load}: load job vs UFS throughput, and a training pass with and without a load job. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Measure a load job against reading the under storage directly, and a training-style read "
        + "pass cold, started with a load job, and warm. Writes its datasets under a new directory PATH "
        + "(THROUGH) and deletes it at the end.")
public final class LoadBenchCommand extends ClientCommand {
  @Option(names = "--path", required = true, paramLabel = "PATH",
      description = "A new Ferry directory on the mount to measure (e.g. /s3/bench).")
  String path;

  @Option(names = "--files", defaultValue = "128", paramLabel = "N", description = "Files per dataset (default 128).")
  int files;

  @Option(names = "--file-size", defaultValue = "2MB", paramLabel = "BYTES",
      description = "Size of each file (default 2MB).")
  String fileSize;

  @Option(names = "--parallelism", defaultValue = "8", paramLabel = "P",
      description = "UFS readers, and blocks the load job fetches at once (default 8).")
  int parallelism;

  @Option(names = "--ufs-option", paramLabel = "K=V",
      description = "A mount option for reading the under storage directly (e.g. s3.secret-key=…).")
  Map<String, String> ufsOptions = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    long size;
    try {
      size = PropertyType.parseBytes(fileSize);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--file-size '" + fileSize + "': " + e.getMessage());
    }
    if (files < 1 || parallelism < 1 || size < 1 || size > Integer.MAX_VALUE) {
      throw new ParameterException(spec.commandLine(),
          "--files, --parallelism and --file-size must be positive (--file-size below 2 GiB)");
    }
    LoadBenchResult result = new LoadBenchmark(client, ufsOptions, parallelism, files, (int) size).run(path);
    out.println(json ? result.toJson() : result.toTable());
  }
}
