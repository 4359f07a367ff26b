package io.ferry.master.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.Tokens;
import io.grpc.Metadata;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/** Tells who a call comes from, by the cluster's authentication type (SIMPLE, TOKEN or MTLS). */
public final class Authenticator {
  private final AuthenticationType type;
  private final Tokens tokens;
  private final CertificateUsers certificateUsers;
  private final GroupLookup groups;
  private final Supplier<Instant> clock;

  /**
   * {@code tokens} is used by TOKEN only, {@code certificateUsers} by MTLS
   * only, {@code groups} by SIMPLE and MTLS.
   */
  public Authenticator(AuthenticationType type, Tokens tokens, CertificateUsers certificateUsers,
      GroupLookup groups, Supplier<Instant> clock) {
    if (type == AuthenticationType.NONE) {
      throw new IllegalArgumentException("NONE authenticates nobody: install no Authenticator");
    }
    this.type = type;
    this.tokens = tokens;
    this.certificateUsers = certificateUsers;
    this.groups = groups;
    this.clock = clock;
  }

  /**
   * The caller the headers, or the subject of the client certificate the
   * connection's TLS verified ({@code certificate}), prove; UNAUTHENTICATED
   * naming what is missing or wrong.
   */
  public Identity authenticate(Metadata headers, Optional<X500Principal> certificate) throws FerryException {
    switch (type) {
      case TOKEN:
        return tokenOf(headers);
      case MTLS:
        X500Principal subject = certificate.orElseThrow(() -> new FerryException(ErrorCode.UNAUTHENTICATED,
            "Authentication failed: no client certificate (this cluster takes the user from it: set "
                + "ferry.security.tls.cert and ferry.security.tls.key to a certificate of yours)"));
        return withOsGroups(certificateUsers.userOf(subject));
      default:
        String user = headers.get(SecurityHeaders.USER);
        if (user == null || user.isBlank()) {
          throw new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: the call states no user");
        }
        return withOsGroups(user);
    }
  }

  /** The subject of the certificate the client of a TLS session (null: none) presented and TLS verified, if any. */
  public static Optional<X500Principal> clientCertificate(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal());
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty(); // the client presented none
    }
  }

  private Identity tokenOf(Metadata headers) throws FerryException {
    String token = headers.get(SecurityHeaders.TOKEN);
    if (token == null) {
      throw new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: no token (this cluster "
          + "requires one: set FERRY_TOKEN or ferry.security.token.file; an admin prints one with "
          + "`ferry admin token create --user USER`)");
    }
    return tokens.verify(token, clock.get());
  }

  private Identity withOsGroups(String user) {
    return new Identity(user, groups.groupsOf(user));
  }
}
