package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import java.util.Locale;

/** Whether TLS servers ask clients for a certificate (ferry.security.tls.client.auth). */
public enum TlsClientAuth {
  /** Clients are not asked for a certificate. */
  NONE(ClientAuth.NONE),
  /** A client may present a certificate; one that does is checked against the CA. */
  OPTIONAL(ClientAuth.OPTIONAL),
  /** Mutual TLS: a client without a certificate signed by the CA is refused. */
  REQUIRED(ClientAuth.REQUIRE);

  private final ClientAuth netty;

  TlsClientAuth(ClientAuth netty) {
    this.netty = netty;
  }

  ClientAuth netty() {
    return netty;
  }

  public static TlsClientAuth of(FerryConfiguration conf) {
    String value = conf.getString(PropertyKey.SECURITY_TLS_CLIENT_AUTH).trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_TLS_CLIENT_AUTH + "' is '"
          + value.toLowerCase(Locale.ROOT) + "'; expected none, optional or required");
    }
  }
}
