package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.cli.bench.hosts.DelayingRelay;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delaying relay, between a client and an echo server on loopback. */
class DelayingRelayTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Threads of their own: the common pool has one thread on two cores, and these block. */
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private ServerSocket echo;
  private DelayingRelay relay;

  @BeforeEach
  void startEchoServer() throws IOException {
    echo = new ServerSocket();
    echo.bind(ANY_LOOPBACK_PORT);
    threads.execute(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          threads.execute(() -> echoUntilEnd(s));
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  @AfterEach
  void stop() throws IOException {
    if (relay != null) {
      relay.close();
    }
    echo.close();
    threads.shutdownNow();
  }

  @Test
  void bytesComeBackUnchangedAndInOrder() throws Exception {
    relay = relayWithDelay(Duration.ZERO);
    byte[] sent = TestFiles.randomBytes(4 << 20, 7);
    try (Socket s = connect()) {
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeAndEnd(s, sent), threads);
      byte[] received = s.getInputStream().readAllBytes();
      writing.join();
      assertThat(received).isEqualTo(sent);
    }
  }

  @Test
  void aRoundTripTakesTwiceTheOneWayDelay() throws Exception {
    relay = relayWithDelay(Duration.ofMillis(150));
    try (Socket s = connect()) {
      long start = System.nanoTime();
      s.getOutputStream().write(42);
      assertThat(s.getInputStream().read()).isEqualTo(42);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
    }
  }

  @Test
  void theDelayDoesNotLimitThroughputToAChunkPerDelay() throws Exception {
    relay = relayWithDelay(Duration.ofMillis(100));
    byte[] sent = TestFiles.randomBytes(64 << 20, 8);
    try (Socket s = connect()) {
      long start = System.nanoTime();
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeAndEnd(s, sent), threads);
      byte[] received = s.getInputStream().readAllBytes();
      writing.join();
      assertThat(received).isEqualTo(sent);
      // 64 MiB one chunk (64 KiB) per delay would take 1024 x 200 ms
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void aStalledRelayHoldsTheBytesAndKeepsTheConnectionUntilResumed() throws Exception {
    relay = relayWithDelay(Duration.ZERO);
    try (Socket s = connect()) {
      relay.stall();
      s.getOutputStream().write(7);
      s.setSoTimeout(500);
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

      relay.resume();
      s.setSoTimeout(5000);
      assertThat(in.read()).isEqualTo(7);
    }
  }

  @Test
  void theEndOfAStreamReachesTheOtherSide() throws Exception {
    relay = relayWithDelay(Duration.ofMillis(50));
    try (Socket s = connect()) {
      s.shutdownOutput(); // the echo server ends its side in turn
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  private DelayingRelay relayWithDelay(Duration oneWay) throws IOException {
    return DelayingRelay.start(ANY_LOOPBACK_PORT, (InetSocketAddress) echo.getLocalSocketAddress(), oneWay);
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), relay.port());
  }

  private static void writeAndEnd(Socket s, byte[] bytes) {
    try {
      s.getOutputStream().write(bytes);
      s.shutdownOutput();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void echoUntilEnd(Socket s) {
    try (s) {
      s.getInputStream().transferTo(s.getOutputStream());
      s.shutdownOutput();
    } catch (IOException ignored) {
      // the client went away
    }
  }
}
