package io.ferry.master.security;

import io.ferry.common.error.FerryException;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.WorkerProofs;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Lets through only calls a worker signed ({@link WorkerProofs}): the
 * workers' service hands out mount credentials (GetMount) and takes
 * registrations, which no client, superusers included, has a use for.
 * Refused calls are closed UNAUTHENTICATED.
 */
public final class WorkerAuthenticationInterceptor implements ServerInterceptor {
  private final WorkerProofs proofs;
  private final Supplier<Instant> clock;

  public WorkerAuthenticationInterceptor(WorkerProofs proofs, Supplier<Instant> clock) {
    this.proofs = proofs;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    try {
      proofs.check(headers.get(SecurityHeaders.WORKER_PROOF), clock.get());
    } catch (FerryException e) {
      return RefusedCalls.close(call, e);
    }
    return next.startCall(call, headers);
  }
}
