package io.ferry.common.grpc;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.util.ArrayList;
import java.util.List;

/** The masters' RPC addresses: {@code ferry.master.addresses}, or the one master's host name and port. */
public final class MasterAddresses {
  private MasterAddresses() {}

  public static List<String> of(FerryConfiguration conf) {
    String list = conf.getString(PropertyKey.MASTER_ADDRESSES).trim();
    if (list.isEmpty()) {
      return List.of(conf.getString(PropertyKey.MASTER_HOSTNAME) + ":" + conf.getInt(PropertyKey.MASTER_RPC_PORT));
    }
    return parse(PropertyKey.MASTER_ADDRESSES, list);
  }

  /** A comma-separated list of host:port; fails naming the key and the bad entry. */
  public static List<String> parse(PropertyKey key, String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String a = part.trim();
      if (a.isEmpty()) {
        continue;
      }
      int colon = a.lastIndexOf(':');
      if (colon <= 0 || !isPort(a.substring(colon + 1))) {
        throw new ConfigurationException("Configuration key '" + key + "' has '" + a
            + "'; each address must be host:port");
      }
      if (out.contains(a)) {
        throw new ConfigurationException("Configuration key '" + key + "' lists " + a + " twice");
      }
      out.add(a);
    }
    if (out.isEmpty()) {
      throw new ConfigurationException("Configuration key '" + key + "' lists no address");
    }
    return out;
  }

  /** The host of a host:port address. */
  public static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static boolean isPort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
