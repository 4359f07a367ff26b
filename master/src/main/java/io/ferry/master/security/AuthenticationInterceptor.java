package io.ferry.master.security;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.RefusedCalls;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Authenticates every call before it runs: the caller's {@link Identity}
 * goes into the call's gRPC Context ({@link CallerContext}); a call that
 * proves no identity is closed with UNAUTHENTICATED and the reason. A call
 * that acts for another user ({@link Impersonation}) runs as that user, with
 * the authenticated one as its proxy, or is closed PERMISSION_DENIED.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  private final Authenticator authenticator;
  private final Impersonation impersonation;

  public AuthenticationInterceptor(Authenticator authenticator, Impersonation impersonation) {
    this.authenticator = authenticator;
    this.impersonation = impersonation;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Identity authenticated;
    Identity caller;
    try {
      authenticated = authenticator.authenticate(headers,
          Authenticator.clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
      caller = impersonation.actingAs(authenticated, headers.get(SecurityHeaders.ACT_AS));
    } catch (FerryException e) {
      return RefusedCalls.close(call, e);
    }
    Context context = Context.current().withValue(CallerContext.KEY, caller);
    if (caller != authenticated) {
      context = context.withValue(CallerContext.PROXY, authenticated.user());
    }
    return Contexts.interceptCall(context, call, headers, next);
  }

}
