package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
  private static CommandLine treeFor(String... args) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    CommandLine root = new CommandLine(new FerryCli(() -> {
      throw new AssertionError("building the tree must not load the configuration");
    }, discard, discard, CliRun.callerWith(Map.of())));
    CommandTree.addTo(root, args);
    return root;
  }

  @Test
  void aCommandLineBuildsOnlyTheBranchItNames() {
    CommandLine root = treeFor("--debug", "fs", "ls", "-R", "/");

    assertThat(root.getSubcommands()).containsOnlyKeys("fs");
    assertThat(root.getSubcommands().get("fs").getSubcommands()).containsOnlyKeys("ls");
  }

  @Test
  void withoutACommandEveryCommandIsThere() {
    CommandLine root = treeFor("--help");

    assertThat(root.getSubcommands()).containsOnlyKeys("fs", "load", "report", "bench", "fuse", "admin");
    assertThat(root.getSubcommands().get("bench").getSubcommands())
        .containsOnlyKeys("read", "hadoop", "meta", "meta-load", "load", "fuse", "checkpoint", "cache-sim", "hosts",
            "random");
  }

  @Test
  void anArgumentThatNamesNoChildKeepsEveryChild() {
    CommandLine root = treeFor("load", "/datasets/imagenet");

    assertThat(root.getSubcommands().get("load").getSubcommands()).containsOnlyKeys("status", "list", "cancel");
  }
}
