package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.StatusOptions;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs stat}: every field of a file's metadata, one "key: value" a line, then its blocks. */
@Command(name = "stat", description = "Show all metadata of a file or directory, with its blocks.",
    mixinStandardHelpOptions = true)
final class StatCommand extends ClientCommand {
  @Option(names = "--sync", description = "Re-sync the metadata with the under storage first.")
  boolean sync;

  @Parameters(paramLabel = "PATH", description = "Ferry path.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    FileInfo f = client.getStatus(path, StatusOptions.DEFAULT.withSync(sync).withBlocks(true));
    out.println("path: " + f.getPath());
    out.println("name: " + f.getName());
    out.println("id: " + f.getId());
    out.println("type: " + (f.getIsDirectory() ? "directory" : "file"));
    out.println("length: " + f.getLength());
    out.println("block_size: " + f.getBlockSize());
    out.println("mtime: " + Formats.time(f.getMtimeMs()) + " (" + f.getMtimeMs() + " ms)");
    out.println("owner: " + f.getOwner());
    out.println("group: " + f.getGroup());
    out.println("mode: " + Formats.mode(f.getIsDirectory(), f.getMode()) + " (" + Integer.toOctalString(f.getMode())
        + ")");
    out.println("ufs_uri: " + f.getUfsUri());
    out.println("mount_id: " + f.getMountId());
    out.println("mount_point: " + f.getMountPoint());
    out.println("fingerprint: " + f.getFingerprint());
    out.println("complete: " + f.getComplete());
    out.println("persisted: " + f.getPersisted());
    out.println("replication: " + f.getReplication());
    out.println("blocks: " + f.getBlocksCount());
    for (BlockInfo b : f.getBlocksList()) {
      String locations = b.getLocationsList().stream()
          .map(w -> w.getHost() + ":" + w.getRpcPort()).collect(Collectors.joining(","));
      out.println("block: id=" + b.getBlockId() + " offset=" + b.getOffset() + " length=" + b.getLength()
          + " locations=" + (locations.isEmpty() ? "-" : locations));
    }
  }
}
