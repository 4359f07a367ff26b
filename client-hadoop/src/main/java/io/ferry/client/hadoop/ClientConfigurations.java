package io.ferry.client.hadoop;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.MasterAddresses;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** The Ferry client configuration of one {@code ferry://} file system. */
final class ClientConfigurations {
  private static final String PREFIX = "ferry.";

  private ClientConfigurations() {}

  /**
   * Ferry's own configuration (site file, {@code FERRY_*} variables, {@code -D} flags), then the
   * {@code ferry.*} keys of the Hadoop configuration (in Spark: {@code spark.hadoop.ferry.*}), then
   * the master the URI names. An unknown or malformed key fails with a message naming it.
   */
  static FerryConfiguration of(URI uri, Configuration hadoopConf) throws FerryException {
    FerryConfiguration.Builder conf = FerryConfiguration.load().toBuilder();
    for (Map.Entry<String, String> e : hadoopConf.getPropsWithPrefix(PREFIX).entrySet()) {
      conf.set(PREFIX + e.getKey(), e.getValue(), "the Hadoop configuration");
    }
    return withAuthority(conf, uri.getAuthority()).build();
  }

  /**
   * The masters a URI's authority names: {@code ferry://host:port/} or {@code ferry://host/} (the
   * configured port), or every master of an HA quorum, {@code ferry://h1:p1,h2:p2,h3:p3/}; none
   * ({@code ferry:///}) keeps the configured masters. This is the one place an authority becomes
   * client configuration.
   */
  static FerryConfiguration.Builder withAuthority(FerryConfiguration.Builder conf, String authority)
      throws FerryException {
    if (authority == null || authority.isEmpty()) {
      return conf;
    }
    if (authority.contains(",")) {
      try {
        MasterAddresses.parse(PropertyKey.MASTER_ADDRESSES, authority);
      } catch (ConfigurationException e) {
        throw FerryException.invalidArgument("Invalid masters '" + authority + "' in a ferry:// URI: each must be "
            + "host:port");
      }
      return conf.set(PropertyKey.MASTER_ADDRESSES, authority);
    }
    conf.set(PropertyKey.MASTER_ADDRESSES, ""); // the one master named here, not a configured quorum
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    if (host.isEmpty()) {
      throw FerryException.invalidArgument("No master host in the authority '" + authority + "' of a ferry:// URI");
    }
    conf.set(PropertyKey.MASTER_HOSTNAME, host);
    if (colon >= 0) {
      String port = authority.substring(colon + 1);
      if (!port.matches("\\d{1,5}")) {
        throw FerryException.invalidArgument("Invalid master port '" + port + "' in the authority '" + authority
            + "' of a ferry:// URI");
      }
      conf.set(PropertyKey.MASTER_RPC_PORT, port);
    }
    return conf;
  }
}
