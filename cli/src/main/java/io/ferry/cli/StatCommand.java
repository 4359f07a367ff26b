package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.FileBlock;
import io.ferry.client.PathStatus;
import io.ferry.client.StatusOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry fs stat}: every field of a file's metadata, one "key: value" a
 * line, how much of it the workers cache, then its blocks.
 */
@Command(name = "stat", description = "Show all metadata of a file or directory, with its blocks.",
    mixinStandardHelpOptions = true)
final class StatCommand extends ClientCommand {
  @Option(names = "--sync", description = "Re-sync the metadata with the under storage first.")
  boolean sync;

  @Parameters(paramLabel = "PATH", description = "Ferry path.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    PathStatus f = client.getStatus(path, StatusOptions.DEFAULT.withSync(sync).withBlocks(true));
    out.println("path: " + f.path());
    out.println("name: " + f.name());
    out.println("id: " + f.id());
    out.println("type: " + (f.isDirectory() ? "directory" : "file"));
    out.println("length: " + f.length());
    out.println("block_size: " + f.blockSize());
    out.println("mtime: " + Formats.time(f.mtimeMs()) + " (" + f.mtimeMs() + " ms)");
    out.println("owner: " + f.owner());
    out.println("group: " + f.group());
    out.println("mode: " + Formats.mode(f.isDirectory(), f.mode()) + " (" + Integer.toOctalString(f.mode())
        + ")");
    out.println("ufs_uri: " + f.ufsUri());
    out.println("mount_id: " + f.mountId());
    out.println("mount_point: " + f.mountPoint());
    out.println("fingerprint: " + f.fingerprint());
    out.println("complete: " + f.complete());
    out.println("persisted: " + f.persisted());
    out.println("replication: " + f.replication());
    out.println("ttl: " + Formats.ttl(f));
    out.println("pinned: " + f.pinned());
    if (!f.isDirectory()) {
      out.println("cached: " + f.cachedBytes() + " bytes (" + Formats.cachedPercentTenths(f) + ")");
    }
    out.println("blocks: " + f.blocks().size());
    for (FileBlock b : f.blocks()) {
      String locations = b.locations().stream()
          .map(w -> w.host() + ":" + w.rpcPort()).collect(Collectors.joining(","));
      out.println("block: id=" + b.blockId() + " offset=" + b.offset() + " length=" + b.length()
          + " cached=" + b.cachedBytes() + " locations=" + (locations.isEmpty() ? "-" : locations));
    }
  }
}
