package io.ferry.cli.daemon;

import io.ferry.cli.Caller;
import io.ferry.cli.FerryCli;
import io.ferry.common.DaemonThreads;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command run for one connection: the request in, the output and the exit
 * code back as frames. A caller that hangs up (Ctrl-C, a closed pipe)
 * interrupts its command, as a signal would have stopped its own JVM.
 */
final class DaemonCall implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonCall.class);

  private final SocketChannel channel;

  DaemonCall(SocketChannel channel) {
    this.channel = channel;
  }

  @Override
  public void run() {
    try (channel) {
      DataInputStream in = new DataInputStream(SocketStreams.in(channel));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(SocketStreams.out(channel)));
      CallRequest request = CallRequest.readFrom(in);
      AtomicBoolean answered = new AtomicBoolean();
      interruptOnHangUp(in, answered);
      int code = FerryCli.run(request.args().toArray(String[]::new), printStream(Frame.STDOUT.stream(out)),
          printStream(Frame.STDERR.stream(out)), callerOf(request));
      answered.set(true);
      Frame.EXIT.writeExit(out, code);
    } catch (IOException e) {
      LOG.info("A CLI call ended early: {}", e.toString());
    }
  }

  /** Watches the connection: the client sends nothing after its request, so a read returns only at hang-up. */
  private static void interruptOnHangUp(DataInputStream in, AtomicBoolean answered) {
    Thread command = Thread.currentThread();
    DaemonThreads.thread("cli-hang-up-watch", () -> {
      try {
        in.read();
      } catch (IOException e) {
        // closed by the end of the call, or reset by the caller: the same to us
      }
      if (!answered.get()) {
        command.interrupt();
      }
    }).start();
  }

  private static Caller callerOf(CallRequest request) {
    Properties properties = new Properties();
    properties.putAll(request.properties());
    return new Caller(request.env(), properties, Path.of(request.workingDirectory()), request.terminal());
  }

  // like System.out: flushed at each line, so a long command's output shows as it comes
  private static PrintStream printStream(OutputStream frames) {
    return new PrintStream(new BufferedOutputStream(frames, 1 << 13), true, StandardCharsets.UTF_8);
  }
}
