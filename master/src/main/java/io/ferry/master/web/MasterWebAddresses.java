package io.ferry.master.web;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.MasterAddresses;
import java.util.List;

/**
 * Where each master of a quorum serves its web UI, found from its RPC
 * address: the entry at the same position of {@code ferry.master.web.addresses},
 * or, where that is not set, the master's RPC host with this master's web
 * port (masters on hosts of their own use the same ports).
 */
public final class MasterWebAddresses {
  private final List<String> rpcAddresses;
  private final List<String> webAddresses;
  private final int ownWebPort;

  MasterWebAddresses(List<String> rpcAddresses, List<String> webAddresses, int ownWebPort) {
    this.rpcAddresses = rpcAddresses;
    this.webAddresses = webAddresses;
    this.ownWebPort = ownWebPort;
  }

  public static MasterWebAddresses from(FerryConfiguration conf) {
    List<String> rpc = MasterAddresses.of(conf);
    String list = conf.getString(PropertyKey.MASTER_WEB_ADDRESSES).trim();
    List<String> web = list.isEmpty() ? List.of() : MasterAddresses.parse(PropertyKey.MASTER_WEB_ADDRESSES, list);
    if (!web.isEmpty() && web.size() != rpc.size()) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_WEB_ADDRESSES + "' lists "
          + web.size() + " addresses but '" + PropertyKey.MASTER_ADDRESSES + "' lists " + rpc.size());
    }
    return new MasterWebAddresses(rpc, web, conf.getInt(PropertyKey.MASTER_WEB_PORT));
  }

  /** The web address (host:port) of the master serving RPCs at {@code rpcAddress}. */
  public String webOf(String rpcAddress) {
    int i = rpcAddresses.indexOf(rpcAddress);
    if (i >= 0 && !webAddresses.isEmpty()) {
      return webAddresses.get(i);
    }
    return MasterAddresses.host(rpcAddress) + ":" + ownWebPort;
  }
}
