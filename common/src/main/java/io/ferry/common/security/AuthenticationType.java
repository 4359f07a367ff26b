package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.util.Arrays;
import java.util.Locale;

/** How a client proves who it is to the master (ferry.security.authentication.type). */
public enum AuthenticationType {
  /** No identity: every caller may do everything (a laptop). */
  NONE,
  /** The client states its OS user, trusted as stated (HDFS's and Alluxio's default). */
  SIMPLE,
  /** The client presents a signed, expiring token naming its user and groups. */
  TOKEN,
  /** The client's certificate, verified by mutual TLS, names its user (Kafka's SSL principal). */
  MTLS;

  public static AuthenticationType of(FerryConfiguration conf) {
    String value = conf.getString(PropertyKey.SECURITY_AUTHENTICATION_TYPE).trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_AUTHENTICATION_TYPE + "' is '"
          + value + "'; expected one of " + Arrays.toString(values()));
    }
  }

  /**
   * The type a server (master, worker) runs with: MTLS only where every
   * client must present a certificate, else a client without one would have
   * no identity at all.
   */
  public static AuthenticationType ofServer(FerryConfiguration conf) {
    AuthenticationType type = of(conf);
    if (type == MTLS && (!conf.getBoolean(PropertyKey.SECURITY_TLS_ENABLED)
        || TlsClientAuth.of(conf) != TlsClientAuth.REQUIRED)) {
      throw new ConfigurationException("Authentication MTLS takes the user from the client's certificate, so it "
          + "needs " + PropertyKey.SECURITY_TLS_ENABLED + "=true and " + PropertyKey.SECURITY_TLS_CLIENT_AUTH
          + "=required (they are " + conf.getBoolean(PropertyKey.SECURITY_TLS_ENABLED) + " and "
          + conf.getString(PropertyKey.SECURITY_TLS_CLIENT_AUTH).trim() + ")");
    }
    return type;
  }
}
