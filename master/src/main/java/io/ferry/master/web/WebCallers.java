package io.ferry.master.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.master.security.Authenticator;
import io.ferry.master.security.CallerContext;
import io.grpc.Context;
import io.grpc.Metadata;
import java.util.Map;
import java.util.Optional;

/**
 * Who calls the web API, with authentication on: the RPCs' {@link Authenticator}, given what an HTTP request
 * can carry (TOKEN: an {@code Authorization: Bearer TOKEN} header; MTLS: the client certificate of the https
 * connection; SIMPLE: the {@code user.name} query parameter, Hadoop's pseudo authentication). The API then
 * answers as that caller, with the namespace's permission checks. With NONE ({@link #NONE}) it answers as the
 * master, as before.
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

  /** The context to answer the request in: the caller's; UNAUTHENTICATED when the request proves none. */
  Context contextOf(HttpExchange exchange, Map<String, String> query) throws FerryException {
    if (authenticator == null) {
      return Context.current();
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
    return CallerContext.as(authenticator.authenticate(headers, Authenticator.clientCertificate(
        exchange instanceof HttpsExchange https ? https.getSSLSession() : null)));
  }
}
