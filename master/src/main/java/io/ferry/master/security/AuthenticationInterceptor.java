package io.ferry.master.security;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.security.Identity;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * Authenticates every call before it runs: the caller's {@link Identity}
 * goes into the call's gRPC Context ({@link CallerContext}); a call that
 * proves no identity is closed with UNAUTHENTICATED and the reason.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  private final Authenticator authenticator;

  public AuthenticationInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Identity caller;
    try {
      caller = authenticator.authenticate(headers);
    } catch (FerryException e) {
      StatusRuntimeException status = GrpcErrors.toStatus(e);
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CallerContext.KEY, caller), call, headers, next);
  }
}
