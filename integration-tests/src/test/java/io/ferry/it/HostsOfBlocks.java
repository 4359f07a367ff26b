package io.ferry.it;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** The hosts holding each block of a file, as `ferry fs stat` shows them (for tests whose client runs elsewhere). */
final class HostsOfBlocks {
  private static final Pattern LOCATIONS = Pattern.compile("^block: .* locations=(\\S+)$", Pattern.MULTILINE);
  private static final long WAIT_NANOS = 60_000_000_000L;

  private HostsOfBlocks() {}

  /**
   * Waits (60 s at most) until {@code path} has {@code blocks} blocks whose
   * holders' hosts each satisfy {@code condition}; those hosts, per block.
   */
  static List<List<String>> await(FerryCli cli, String path, int blocks, Predicate<List<String>> condition,
      String what) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      String stat = cli.ok("fs", "stat", path);
      List<List<String>> hosts = LOCATIONS.matcher(stat).results().map(HostsOfBlocks::hostsOf).toList();
      if (hosts.size() == blocks && hosts.stream().allMatch(condition)) {
        return hosts;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not " + what + " after 60 s:\n" + stat);
      }
      Thread.sleep(500);
    }
  }

  private static List<String> hostsOf(MatchResult locations) {
    return Arrays.stream(locations.group(1).split(",")).filter(a -> !a.equals("-"))
        .map(a -> a.substring(0, a.lastIndexOf(':'))).distinct().toList();
  }
}
