package io.ferry.master.security;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.Tokens;
import io.grpc.Metadata;
import java.time.Instant;
import java.util.function.Supplier;

/** Tells who a call comes from, by the cluster's authentication type (SIMPLE or TOKEN). */
public final class Authenticator {
  private final AuthenticationType type;
  private final Tokens tokens;
  private final GroupLookup groups;
  private final Supplier<Instant> clock;

  /** {@code tokens} is used by TOKEN only, {@code groups} by SIMPLE only. */
  public Authenticator(AuthenticationType type, Tokens tokens, GroupLookup groups, Supplier<Instant> clock) {
    if (type == AuthenticationType.NONE) {
      throw new IllegalArgumentException("NONE authenticates nobody: install no Authenticator");
    }
    this.type = type;
    this.tokens = tokens;
    this.groups = groups;
    this.clock = clock;
  }

  /** The caller the headers prove; UNAUTHENTICATED naming what is missing or wrong. */
  public Identity authenticate(Metadata headers) throws FerryException {
    if (type == AuthenticationType.TOKEN) {
      String token = headers.get(SecurityHeaders.TOKEN);
      if (token == null) {
        throw new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: no token (this cluster "
            + "requires one: set FERRY_TOKEN or ferry.security.token.file; an admin prints one with "
            + "`ferry admin token create --user USER`)");
      }
      return tokens.verify(token, clock.get());
    }
    String user = headers.get(SecurityHeaders.USER);
    if (user == null || user.isBlank()) {
      throw new FerryException(ErrorCode.UNAUTHENTICATED, "Authentication failed: the call states no user");
    }
    return new Identity(user, groups.groupsOf(user));
  }
}
