package io.ferry.cli;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import io.ferry.client.WriteTypes;
import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs put}: copies a local file into Ferry (into FERRY_PATH if it is a directory). */
@Command(name = "put", description = "Copy a local file into Ferry.", mixinStandardHelpOptions = true)
final class PutCommand extends ClientCommand {
  @Option(names = "--overwrite", description = "Replace an existing file.")
  boolean overwrite;

  @Option(names = "--write-type", paramLabel = "TYPE",
      description = "CACHE_THROUGH, THROUGH, MUST_CACHE or ASYNC_THROUGH (default: the mount option write.type, "
          + "else ferry.user.write.type).")
  String writeType;

  @Parameters(index = "0", paramLabel = "LOCAL_FILE", description = "Local file to copy.")
  Path local;

  @Parameters(index = "1", paramLabel = "FERRY_PATH", description = "Destination in Ferry.")
  String target;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (!Files.isRegularFile(local)) {
      throw new FerryException(Files.exists(local) ? ErrorCode.INVALID_ARGUMENT : ErrorCode.NOT_FOUND,
          (Files.exists(local) ? "Not a regular file: " : "No such local file: ") + local);
    }
    CreateOptions options = CreateOptions.DEFAULT.withOverwrite(overwrite);
    if (writeType != null) {
      options = options.withWriteType(WriteTypes.parse(writeType));
    }
    try (InputStream in = Files.newInputStream(local);
        FerryOutputStream os = client.createFile(destination(client), options)) {
      Copying.copy(in, os);
    }
  }

  /** FERRY_PATH itself, or FERRY_PATH/name when it is an existing directory. */
  private String destination(FerryClient client) throws FerryException {
    String path = FerryPath.normalize(target);
    try {
      PathStatus existing = client.getStatus(path);
      return existing.isDirectory() ? FerryPath.join(path, local.getFileName().toString()) : path;
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return path;
      }
      throw e;
    }
  }
}
