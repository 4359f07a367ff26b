package io.ferry.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Where a test starts a process: this machine's own network, or a simulated host (see {@link SimulatedHosts}). */
interface ProcessHost {
  /** This machine, reached on loopback. */
  ProcessHost LOCAL = new ProcessHost() {
    @Override
    public List<String> command(List<String> command) {
      return command;
    }

    @Override
    public boolean accepts(int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    }
  };

  /** The command line that runs {@code command} on this host. */
  List<String> command(List<String> command);

  /** Whether a server on this host accepts connections on {@code port} (from this host). */
  boolean accepts(int port);
}
