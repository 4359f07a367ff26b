package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.Tokens;
import io.grpc.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicInteger lookups = new AtomicInteger();
  private final GroupLookup groups = new GroupLookup(Duration.ofMinutes(5), user -> {
    lookups.incrementAndGet();
    return List.of(user + "-group", "staff");
  });
  private final Tokens tokens = new Tokens(new byte[32]);
  private static final Optional<X500Principal> NO_CERTIFICATE = Optional.empty();
  private final Authenticator mtls = new Authenticator(AuthenticationType.MTLS, null,
      new CertificateUsers(Optional.empty()), groups, () -> NOW);

  @Test
  void simpleTrustsTheStatedUserWithItsGroupsFromTheMastersLookup() throws FerryException {
    Authenticator simple = new Authenticator(AuthenticationType.SIMPLE, null, null, groups, () -> NOW);

    assertThat(simple.authenticate(headers(SecurityHeaders.USER, "alice"), NO_CERTIFICATE))
        .isEqualTo(new Identity("alice", List.of("alice-group", "staff")));
  }

  @Test
  void groupsAreLookedUpOncePerUserWhileCached() throws FerryException {
    Authenticator simple = new Authenticator(AuthenticationType.SIMPLE, null, null, groups, () -> NOW);
    simple.authenticate(headers(SecurityHeaders.USER, "alice"), NO_CERTIFICATE);
    simple.authenticate(headers(SecurityHeaders.USER, "alice"), NO_CERTIFICATE);

    assertThat(lookups).hasValue(1);
  }

  @Test
  void simpleRefusesACallThatStatesNoUser() {
    Authenticator simple = new Authenticator(AuthenticationType.SIMPLE, null, null, groups, () -> NOW);

    assertThatThrownBy(() -> simple.authenticate(new Metadata(), NO_CERTIFICATE))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining("states no user");
  }

  @Test
  void tokenIgnoresTheStatedUserAndBelievesTheToken() throws FerryException {
    Authenticator token = new Authenticator(AuthenticationType.TOKEN, tokens, null, groups, () -> NOW);
    Metadata headers = headers(SecurityHeaders.USER, "root");
    headers.put(SecurityHeaders.TOKEN, tokens.create(new Identity("bob", List.of("gpu")), NOW.plusSeconds(60)));

    assertThat(token.authenticate(headers, NO_CERTIFICATE)).isEqualTo(new Identity("bob", List.of("gpu")));
  }

  @Test
  void tokenRefusesACallWithoutOne() {
    Authenticator token = new Authenticator(AuthenticationType.TOKEN, tokens, null, groups, () -> NOW);

    assertThatThrownBy(() -> token.authenticate(headers(SecurityHeaders.USER, "root"), NO_CERTIFICATE))
        .hasMessageContaining("no token");
  }

  @Test
  void mtlsBelievesTheCertificatesSubjectWithItsGroupsFromTheMastersLookup() throws FerryException {
    Optional<X500Principal> carol = Optional.of(new X500Principal("CN=carol,O=example"));

    assertThat(mtls.authenticate(headers(SecurityHeaders.USER, "root"), carol))
        .as("not the stated user").isEqualTo(new Identity("carol", List.of("carol-group", "staff")));
  }

  @Test
  void mtlsRefusesACallWithoutACertificate() {
    assertThatThrownBy(() -> mtls.authenticate(headers(SecurityHeaders.USER, "root"), NO_CERTIFICATE))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining("no client certificate");
  }

  private static Metadata headers(Metadata.Key<String> key, String value) {
    Metadata headers = new Metadata();
    headers.put(key, value);
    return headers;
  }
}
