package io.ferry.cli.daemon;

import io.ferry.common.DaemonThreads;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's warm command line: a JVM that has loaded the CLI, the client and
 * gRPC once and runs each {@code ferry} command sent by {@link CliDaemonClient}
 * in a thread of its own, so a command costs its RPCs instead of a JVM start.
 * It listens on a Unix socket in a directory only its user can enter (the
 * socket's name says which build it runs), and exits once it has been idle.
 *
 * <p>{@code CliDaemon SOCKET IDLE_SECONDS}
 */
public final class CliDaemon {
  private static final Logger LOG = LoggerFactory.getLogger(CliDaemon.class);
  private static final long TICK_MILLIS = 1000;

  private final Path socket;
  private final Duration idleLimit;
  private final AtomicInteger running = new AtomicInteger();
  private final ExecutorService calls = Executors.newCachedThreadPool(DaemonThreads.numbered("cli-call"));
  private final BuildStamp build;
  private volatile long lastCallNanos = System.nanoTime();
  private volatile boolean stopping;

  CliDaemon(Path socket, Duration idleLimit, BuildStamp build) {
    this.socket = socket;
    this.idleLimit = idleLimit;
    this.build = build;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CliDaemon SOCKET IDLE_SECONDS");
      System.exit(2);
    }
    new CliDaemon(Path.of(args[0]), Duration.ofSeconds(Long.parseLong(args[1])), BuildStamp.ofJarOf(CliDaemon.class))
        .serve();
    System.exit(0);
  }

  /** Serves until idle; returns at once when another daemon already serves this socket. */
  void serve() throws IOException {
    Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel)) {
      if (lock == null) {
        LOG.info("Another CLI daemon serves {}", socket);
        return;
      }
      Files.deleteIfExists(socket); // left by a daemon that was killed
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
          Selector selector = Selector.open()) {
        publishBound(server);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        LOG.info("CLI daemon listening on {}; it exits after {} s idle", socket, idleLimit.toSeconds());
        acceptUntilIdle(server, selector);
        // no new caller can connect once the name is gone; those already queued are still served
        Files.deleteIfExists(socket);
        acceptQueued(server);
      } finally {
        calls.shutdown();
        awaitCalls();
      }
    }
  }

  /**
   * Binds under a temporary name and renames it to the socket's: bind and
   * listen are two steps, and a caller that finds the name between them is
   * refused; the name appears only once it listens, and only to its user.
   */
  private void publishBound(ServerSocketChannel server) throws IOException {
    Path bound = socket.resolveSibling(socket.getFileName() + ".binding");
    Files.deleteIfExists(bound);
    server.bind(UnixDomainSocketAddress.of(bound));
    Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
    Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The lock, or null when another daemon (another process, or another in this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private void acceptUntilIdle(ServerSocketChannel server, Selector selector) throws IOException {
    while (!stopping && !idle()) {
      selector.select(TICK_MILLIS);
      selector.selectedKeys().clear();
      acceptQueued(server);
    }
  }

  private void acceptQueued(ServerSocketChannel server) throws IOException {
    for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
      channel.configureBlocking(true);
      if (build.changed()) {
        // a rebuild rewrote the jar this JVM loads its classes from: the caller runs the command itself
        LOG.info("The CLI was rebuilt since this daemon started: exiting");
        stopping = true;
        refuse(channel);
      } else {
        start(new DaemonCall(channel));
      }
    }
  }

  private void start(DaemonCall call) {
    running.incrementAndGet();
    calls.execute(() -> {
      try {
        call.run();
      } finally {
        lastCallNanos = System.nanoTime();
        running.decrementAndGet();
      }
    });
  }

  private static void refuse(SocketChannel channel) throws IOException {
    try (channel) {
      Frame.EXIT.writeExit(new DataOutputStream(SocketStreams.out(channel)), CliDaemonClient.NO_DAEMON);
    }
  }

  private boolean idle() {
    return running.get() == 0 && System.nanoTime() - lastCallNanos >= idleLimit.toNanos();
  }

  private void awaitCalls() {
    try {
      calls.awaitTermination(1, TimeUnit.HOURS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
