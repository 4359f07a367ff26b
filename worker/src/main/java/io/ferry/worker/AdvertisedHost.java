package io.ferry.worker;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.MasterAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host name a worker gives the master for clients to reach it: the
 * configured one, else this machine's host name. Clients compare it with
 * their own to decide on short-circuit reads, so a loopback name is only
 * right when every client runs on this machine.
 */
final class AdvertisedHost {
  private static final Logger LOG = LoggerFactory.getLogger(AdvertisedHost.class);

  private AdvertisedHost() {}

  static String of(FerryConfiguration conf) {
    String configured = conf.getString(PropertyKey.WORKER_HOSTNAME).trim();
    String host = configured.isEmpty() ? machineName() : configured;
    if (isLoopback(host) && MasterAddresses.of(conf).stream().anyMatch(a -> !isLoopback(hostOf(a)))) {
      LOG.warn("This worker advertises '{}', a loopback name, to a master on another host: clients on other "
          + "hosts cannot reach it and would read their own machine's block files; set {} to this host's name",
          host, PropertyKey.WORKER_HOSTNAME);
    }
    return host;
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new ConfigurationException("This machine's host name does not resolve (" + e.getMessage()
          + "); set " + PropertyKey.WORKER_HOSTNAME + " to the name clients reach this worker by");
    }
  }

  private static String hostOf(String hostAndPort) {
    return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
