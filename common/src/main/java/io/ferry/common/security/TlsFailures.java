package io.ferry.common.security;

import io.ferry.common.conf.PropertyKey;
import io.grpc.StatusRuntimeException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Says in words why a connection failed when TLS is the reason: a client
 * and a server that disagree on TLS, a certificate not trusted, a client
 * certificate missing. The transport only reports "connection reset" or an
 * OpenSSL error code.
 */
public final class TlsFailures {
  private TlsFailures() {}

  /** Why the connection to {@code target} failed, when TLS explains it. */
  public static Optional<String> explain(StatusRuntimeException e, String target) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e.getStatus().getCause(); t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    String messages = e.getStatus().getDescription() + " / "
        + String.join(" / ", chain.stream().map(String::valueOf).toList());
    if (messages.contains("NotSslRecordException") || messages.contains("not an SSL/TLS record")) {
      return Optional.of(target + " does not serve TLS, but this client uses it (" + PropertyKey.SECURITY_TLS_ENABLED
          + "): TLS must be on or off on both sides");
    }
    if (messages.contains("CERTIFICATE_REQUIRED")) {
      return Optional.of(target + " requires a client certificate (mutual TLS): set "
          + PropertyKey.SECURITY_TLS_CERT + " and " + PropertyKey.SECURITY_TLS_KEY);
    }
    if (messages.contains("UNKNOWN_CA") || messages.contains("BAD_CERTIFICATE")
        || messages.contains("CERTIFICATE_UNKNOWN")) {
      return Optional.of(target + " does not trust this client's certificate (" + PropertyKey.SECURITY_TLS_CERT
          + "): it must be signed by the CA the server trusts");
    }
    if (chain.stream().anyMatch(t -> t instanceof CertificateException)) {
      return Optional.of(target + "'s certificate is not trusted: it must be signed by the CA of "
          + PropertyKey.SECURITY_TLS_CA + " and name the host connected to (" + deepest(chain) + ")");
    }
    if (chain.stream().anyMatch(t -> t instanceof SSLException)) {
      return Optional.of("TLS with " + target + " failed: " + deepest(chain));
    }
    if (messages.contains("Connection reset by peer") || messages.contains("Network closed for unknown reason")) {
      return Optional.of(target + " closed the connection as it opened; if it serves TLS, this client needs "
          + PropertyKey.SECURITY_TLS_ENABLED + "=true and " + PropertyKey.SECURITY_TLS_CA);
    }
    return Optional.empty();
  }

  private static String deepest(List<Throwable> chain) {
    Throwable t = chain.get(chain.size() - 1);
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
