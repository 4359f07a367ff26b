package io.ferry.master.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.master.security.Authenticator;
import io.grpc.Metadata;
import java.util.Map;
import java.util.Optional;

/**
 * Who calls the web API, with authentication on: the RPCs' {@link Authenticator}, given what an HTTP request
 * can carry (TOKEN: an {@code Authorization: Bearer TOKEN} header; MTLS: the client certificate of the https
 * connection; SIMPLE: the {@code user.name} query parameter, Hadoop's pseudo authentication). The API then
 * answers as that caller, with the namespace's permission checks. With NONE ({@link #NONE}) there is no
 * caller: it answers as the master, as before.
 */
final class WebCallers {
  static final WebCallers NONE = new WebCallers(null);
  private static final String BEARER = "Bearer ";

  private final Authenticator authenticator;

  WebCallers(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  static WebCallers of(Optional<Authenticator> authenticator) {
    return authenticator.map(WebCallers::new).orElse(NONE);
  }

  /** Who calls: empty with NONE; UNAUTHENTICATED when the request proves no one. */
  Optional<Identity> callerOf(HttpExchange exchange, Map<String, String> query) throws FerryException {
    if (authenticator == null) {
      return Optional.empty();
    }
    Metadata headers = new Metadata();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith(BEARER)) {
      headers.put(SecurityHeaders.TOKEN, authorization.substring(BEARER.length()).trim());
    }
    String user = query.get("user.name");
    if (user != null) {
      headers.put(SecurityHeaders.USER, user);
    }
    return Optional.of(authenticator.authenticate(headers, Authenticator.clientCertificate(
        exchange instanceof HttpsExchange https ? https.getSSLSession() : null)));
  }
}
