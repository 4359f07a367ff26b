package io.ferry.cli;

import io.ferry.cli.bench.BenchCommand;
import io.ferry.cli.bench.CacheSimulator;
import io.ferry.cli.bench.HadoopBenchCommand;
import io.ferry.cli.bench.LoadBenchCommand;
import io.ferry.cli.bench.MetaBenchCommand;
import io.ferry.cli.bench.MetaLoadCommand;
import io.ferry.cli.bench.RandomBenchCommand;
import io.ferry.cli.bench.ReadBenchCommand;
import io.ferry.cli.bench.fuse.CheckpointBenchCommand;
import io.ferry.cli.bench.fuse.FuseBenchCommand;
import io.ferry.cli.bench.hosts.HostsBenchCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command tree, built only along the branch a command line
 * names: picocli builds a command's model by reflection over its class, and
 * building every command and benchmark cost a short command (`ferry fs ls`)
 * a good part of its start. Where the arguments name no child (`ferry --help`,
 * `ferry load PATH`, a typo) every child is added, so help and errors are
 * those of the whole tree.
 */
final class CommandTree {
  private static final Map<Class<?>, List<Class<?>>> CHILDREN = Map.of(
      FerryCli.class, List.of(FsCommand.class, LoadCommand.class, ReportCommand.class, BenchCommand.class,
          FuseCommand.class, AdminCommand.class),
      FsCommand.class, List.of(LsCommand.class, StatCommand.class, CatCommand.class, PutCommand.class,
          GetCommand.class, MkdirCommand.class, RmCommand.class, MvCommand.class, MountCommand.class,
          UnmountCommand.class, MountsCommand.class, SetReplicationCommand.class, FreeCommand.class,
          PersistCommand.class, SetTtlCommand.class, UnsetTtlCommand.class, PinCommand.class, UnpinCommand.class),
      LoadCommand.class, List.of(LoadStatusCommand.class, LoadListCommand.class, LoadCancelCommand.class),
      AdminCommand.class, List.of(TokenCommand.class, TlsCommand.class),
      TokenCommand.class, List.of(TokenCreateCommand.class),
      TlsCommand.class, List.of(TlsCreateCommand.class, TlsUserCommand.class),
      BenchCommand.class, List.of(ReadBenchCommand.class, HadoopBenchCommand.class, MetaBenchCommand.class,
          MetaLoadCommand.class, LoadBenchCommand.class, FuseBenchCommand.class, CheckpointBenchCommand.class,
          HostsBenchCommand.class, CacheSimulator.class, RandomBenchCommand.class));

  private CommandTree() {}

  /** Adds to {@code root} (a FerryCli's command line) the commands {@code args} need. */
  static void addTo(CommandLine root, String[] args) {
    addChildren(root, FerryCli.class, Arrays.stream(args).filter(a -> !a.startsWith("-")).toList(), 0);
  }

  private static void addChildren(CommandLine parent, Class<?> type, List<String> words, int depth) {
    List<Class<?>> children = CHILDREN.getOrDefault(type, List.of());
    String named = depth < words.size() ? words.get(depth) : null;
    boolean namesOne = children.stream().anyMatch(c -> name(c).equals(named));
    for (Class<?> child : children) {
      if (!namesOne || name(child).equals(named)) {
        CommandLine line = new CommandLine(child);
        parent.addSubcommand(name(child), line);
        addChildren(line, child, namesOne ? words : List.of(), depth + 1);
      }
    }
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
