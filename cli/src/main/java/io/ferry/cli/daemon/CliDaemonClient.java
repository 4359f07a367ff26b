package io.ferry.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The command line's fast path: hands one {@code ferry …} command to the
 * user's {@link CliDaemon} and plays its answer back. It loads JDK classes
 * only, from a class path of one jar, so it starts like {@code java -version}.
 *
 * <p>{@code CliDaemonClient SOCKET ARGS…}; exits with the command's code, or
 * {@link #NO_DAEMON} when no daemon listens there (bin/ferry then runs the
 * command in a JVM of its own).
 */
public final class CliDaemonClient {
  /** Not an exit code of the CLI (0, 1, 2): the command did not run. */
  public static final int NO_DAEMON = 75;

  private CliDaemonClient() {}

  public static void main(String[] args) {
    CallRequest request = new CallRequest(Arrays.asList(args).subList(1, args.length),
        withPrefix(System.getenv(), "FERRY_"), withPrefix(propertiesOf(System.getProperties()), "ferry."),
        System.getProperty("user.dir"), System.console() != null);
    System.exit(call(Path.of(args[0]), request,
        new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err)));
  }

  /** Runs {@code request} on the daemon at {@code socket}; the command's exit code. */
  static int call(Path socket, CallRequest request, OutputStream stdout, OutputStream stderr) {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return NO_DAEMON;
    }
    try (channel) {
      try {
        request.writeTo(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel))));
      } catch (IOException e) {
        return NO_DAEMON; // the daemon went away before it had the whole command: nothing ran
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      while (true) {
        Frame type = Frame.readType(in);
        byte[] bytes = in.readNBytes(in.readInt());
        switch (type) {
          // a closed output (`ferry fs ls / | grep -q x`) is ignored, as a JVM's System.out ignores it:
          // the command runs to its end and its exit code is the caller's
          case STDOUT -> copy(bytes, stdout);
          case STDERR -> copy(bytes, stderr);
          case EXIT -> {
            return ByteBuffer.wrap(bytes).getInt();
          }
        }
      }
    } catch (IOException e) {
      copy(("ferry: the CLI daemon (" + socket + ") stopped before the command finished: " + e
          + "; its log is next to that socket; FERRY_CLI_DAEMON=0 runs commands without it\n").getBytes(), stderr);
      return 1;
    }
  }

  private static void copy(byte[] bytes, OutputStream to) {
    try {
      to.write(bytes);
      to.flush();
    } catch (IOException e) {
      // the caller's own output is closed: nothing more to show
    }
  }

  // loops, not lambdas: the first lambda of a JVM costs it tens of milliseconds
  private static Map<String, String> propertiesOf(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  private static Map<String, String> withPrefix(Map<String, String> all, String prefix) {
    Map<String, String> map = new TreeMap<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        map.put(e.getKey(), e.getValue());
      }
    }
    return map;
  }
}
