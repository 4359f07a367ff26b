package io.ferry.worker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.worker.WorkerCounters;
import io.ferry.worker.security.CapabilityGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BlockTransportServerTest {
  private static final long TIMEOUT_MS = 10_000;

  @Test
  void aConnectionBeyondTheCapTakesThePlaceOfTheOneIdleLongest() throws Exception {
    try (BlockTransportServer server = capped(2); Socket first = connect(server)) {
      awaitConnections(server, 1);
      try (Socket second = connect(server)) {
        awaitConnections(server, 2);
        try (Socket third = connect(server)) {
          first.setSoTimeout((int) TIMEOUT_MS);
          assertThat(first.getInputStream().read()).as("closed by the worker").isEqualTo(-1);
          awaitConnections(server, 2);
          second.setSoTimeout(200);
          assertThatThrownBy(() -> second.getInputStream().read()).as("still open")
              .isInstanceOf(SocketTimeoutException.class);
        }
      }
    }
  }

  @Test
  void belowTheCapEveryConnectionIsKept() throws Exception {
    try (BlockTransportServer server = capped(3); Socket first = connect(server); Socket second = connect(server);
         Socket third = connect(server)) {
      awaitConnections(server, 3);
      first.setSoTimeout(200);
      assertThatThrownBy(() -> first.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static BlockTransportServer capped(int maxConnections) throws IOException {
    // no request is sent: the connections only wait for one
    return BlockTransportServer.start("127.0.0.1", 0, maxConnections, null, new WorkerCounters(),
        CapabilityGuard.OFF);
  }

  private static Socket connect(BlockTransportServer server) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT_MS);
    return s;
  }

  private static void awaitConnections(BlockTransportServer server, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (server.connections() != count) {
      assertThat(System.currentTimeMillis()).as("%d connections served, expected %d", server.connections(), count)
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
