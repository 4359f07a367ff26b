package io.ferry.common.security;

import java.io.File;
import java.net.URISyntaxException;

/** A self-signed certificate for localhost (ECDSA P-256, valid until 2126) and its key, as PEM test resources. */
final class TestCertificates {
  private TestCertificates() {}

  static File cert() {
    return resource("localhost.pem");
  }

  static File key() {
    return resource("localhost.key");
  }

  private static File resource(String name) {
    try {
      return new File(TestCertificates.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
