package io.ferry.it;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.util.Map;

/** The TLS settings of a test cluster whose certificates {@link ClusterCertificates} wrote to one directory. */
final class ClusterTls {
  private ClusterTls() {}

  /** Masters' and workers': the server certificate, and mutual TLS (client certificates required). */
  static Map<PropertyKey, Object> server(Path certs) {
    return Map.of(PropertyKey.SECURITY_TLS_ENABLED, true,
        PropertyKey.SECURITY_TLS_CA, certs.resolve(ClusterCertificates.CA_CERT),
        PropertyKey.SECURITY_TLS_CERT, certs.resolve(ClusterCertificates.SERVER_CERT),
        PropertyKey.SECURITY_TLS_KEY, certs.resolve(ClusterCertificates.SERVER_KEY),
        PropertyKey.SECURITY_TLS_CLIENT_AUTH, "required");
  }

  /** A client's, presenting {@code cert} and {@code key}. */
  static Map<PropertyKey, Object> client(Path certs, Path cert, Path key) {
    return Map.of(PropertyKey.SECURITY_TLS_ENABLED, true,
        PropertyKey.SECURITY_TLS_CA, certs.resolve(ClusterCertificates.CA_CERT),
        PropertyKey.SECURITY_TLS_CERT, cert,
        PropertyKey.SECURITY_TLS_KEY, key);
  }

  /** A client's, presenting the client certificate of {@link ClusterCertificates#issue}. */
  static Map<PropertyKey, Object> client(Path certs) {
    return client(certs, certs.resolve(ClusterCertificates.CLIENT_CERT), certs.resolve(ClusterCertificates.CLIENT_KEY));
  }
}
