package io.ferry.it;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client in a JVM of its own on a simulated host that, for a while,
 * creates files DIR/0, DIR/1, … one after the other ({@code write}), lists
 * DIR again and again ({@code list}), or unpins DIR/0, DIR/1, … as they
 * appear ({@code unpin}: a mutation answered from the namespace, "no such
 * file", until the writer created the file), and prints one line per call:
 * "START END RESULT", the call's start and end on {@link System#nanoTime()}
 * (one clock for every process of the machine) and the file created
 * ("created N"), the number of files listed ("listed N"), the file unpinned
 * ("unpinned N") or not found ("missing N"), or "error CODE".
 */
public final class MetadataProbe {
  /** One call: its start and end (nanoTime), what it did, and its file or count (-1 for an error). */
  record Call(long start, long end, String result, int value) {
    boolean ok() {
      return value >= 0;
    }
  }

  private final Process process;
  private final Path out;

  private MetadataProbe(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  /** Starts a probe on {@code host} with these client -D settings; its output goes to {@code out}. */
  static MetadataProbe start(ProcessHost host, Map<String, String> clientProperties, String mode, String dir,
      Duration runFor, Path out) throws IOException {
    List<String> cmd = new ArrayList<>(DaemonProcess.javaCommand(MetadataProbe.class.getName(), "logback-cli.xml",
        clientProperties));
    cmd.addAll(List.of(mode, dir, String.valueOf(runFor.toMillis())));
    Process p = new ProcessBuilder(host.command(cmd)).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(out.resolveSibling(out.getFileName() + ".err").toFile()))
        .start();
    return new MetadataProbe(p, out);
  }

  /** The calls made so far. */
  List<Call> calls() throws IOException {
    List<Call> calls = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      String[] f = line.split(" ");
      if (f.length == 4) { // a line being written has fewer fields
        calls.add(new Call(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2],
            f[2].equals("error") ? -1 : Integer.parseInt(f[3])));
      }
    }
    return calls;
  }

  /** Stops the probe; its calls. */
  List<Call> finish() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    return calls();
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String dir = args[1];
    long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000;
    try (FerryClient client = FerryClient.create(FerryConfiguration.load())) {
      int next = 0;
      while (System.nanoTime() < deadline) {
        long start = System.nanoTime();
        String result;
        try {
          if (mode.equals("write")) {
            int n = next++; // a failed create may still have been applied: never asked again
            client.createEmptyFiles(dir, List.of(String.valueOf(n)));
            result = "created " + n;
          } else if (mode.equals("unpin")) {
            result = unpin(client, dir + "/" + next, next);
            next += result.startsWith("unpinned") ? 1 : 0;
          } else {
            result = "listed " + client.listStatus(dir, false).size();
          }
        } catch (FerryException e) {
          result = "error " + e.code();
        }
        System.out.println(start + " " + System.nanoTime() + " " + result);
        System.out.flush();
      }
    }
  }

  private static String unpin(FerryClient client, String path, int n) throws FerryException {
    try {
      client.unpin(path);
      return "unpinned " + n;
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return "missing " + n;
      }
      throw e;
    }
  }
}
