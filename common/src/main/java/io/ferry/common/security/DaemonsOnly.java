package io.ferry.common.security;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.RefusedCalls;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lets through only calls another daemon signed ({@link DaemonProofs}), for
 * what no client, superusers included, has a use for: the master's
 * workers' service (mount credentials, registrations), and a worker's calls
 * that only the master makes (load, copy and persist blocks). Refused calls
 * are closed UNAUTHENTICATED, naming who may call.
 */
public final class DaemonsOnly implements ServerInterceptor {
  private final DaemonProofs proofs;
  private final Supplier<Instant> clock;
  private final String callers;
  private final Set<String> methods;

  /** {@code callers} names who may call, for refusals ("workers"); {@code methods} (bare names) empty for all. */
  public DaemonsOnly(DaemonProofs proofs, Supplier<Instant> clock, String callers, Set<String> methods) {
    this.proofs = proofs;
    this.clock = clock;
    this.callers = callers;
    this.methods = methods;
  }

  /** {@code service} behind this check. */
  public BindableService guard(BindableService service) {
    return () -> ServerInterceptors.intercept(service, this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    if (methods.isEmpty() || methods.contains(method)) {
      try {
        proofs.check(headers.get(SecurityHeaders.DAEMON_PROOF), clock.get());
      } catch (FerryException e) {
        return RefusedCalls.close(call, new FerryException(e.code(), "Only " + callers + " may call "
            + call.getMethodDescriptor().getFullMethodName() + ": " + e.getMessage()));
      }
    }
    return next.startCall(call, headers);
  }
}
