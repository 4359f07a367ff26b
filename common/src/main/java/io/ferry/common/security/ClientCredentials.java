package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * What a client tells the master about itself on every call: its OS user
 * (used by SIMPLE authentication) and, when it has one, its token (FERRY_TOKEN
 * or ferry.security.token.file; used by TOKEN). The master decides which
 * counts, so a client needs no setting of its own to match the cluster's.
 * While the client acts for another local user ({@link ActingUser}) that user
 * is the one stated, and the client asks to act as that user
 * ({@link SecurityHeaders#ACT_AS}): SIMPLE believes the stated user, TOKEN
 * and MTLS check the token's or certificate's user may impersonate.
 */
public final class ClientCredentials implements ClientInterceptor {
  private final String user;
  private final Optional<String> token;

  public ClientCredentials(String user, Optional<String> token) {
    this.user = user;
    this.token = token;
  }

  /** The credentials of this process's OS user, with the token {@code conf} gives. */
  public static ClientCredentials of(FerryConfiguration conf) {
    return new ClientCredentials(System.getProperty("user.name", ""), tokenOf(conf));
  }

  private static Optional<String> tokenOf(FerryConfiguration conf) {
    String token = conf.getString(PropertyKey.SECURITY_TOKEN).trim();
    if (!token.isEmpty()) {
      return Optional.of(token);
    }
    String file = conf.getString(PropertyKey.SECURITY_TOKEN_FILE).trim();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Paths.get(file), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read the token file " + file + " ('"
          + PropertyKey.SECURITY_TOKEN_FILE + "'): " + e.getMessage());
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        Optional<String> acting = ActingUser.current();
        String stated = acting.orElse(user);
        if (!stated.isEmpty()) {
          headers.put(SecurityHeaders.USER, stated);
        }
        token.ifPresent(t -> headers.put(SecurityHeaders.TOKEN, t));
        acting.ifPresent(a -> headers.put(SecurityHeaders.ACT_AS, a));
        super.start(listener, headers);
      }
    };
  }
}
