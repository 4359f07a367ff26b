package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry fs ...}: file system commands. */
@Command(name = "fs", description = "File system commands.", mixinStandardHelpOptions = true,
    subcommands = {LsCommand.class, StatCommand.class, CatCommand.class, PutCommand.class, GetCommand.class,
        MkdirCommand.class, RmCommand.class, MvCommand.class, MountCommand.class, UnmountCommand.class,
        MountsCommand.class, SetReplicationCommand.class})
final class FsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing fs command");
  }
}
