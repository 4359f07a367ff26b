package io.ferry.common.grpc;

import io.ferry.common.error.FerryException;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;

/** Closing a call an interceptor refuses before the service sees it. */
public final class RefusedCalls {
  private RefusedCalls() {}

  /** Closes {@code call} with the status (and Ferry error code) of {@code refusal}; the listener ignores the rest. */
  public static <Q> ServerCall.Listener<Q> close(ServerCall<Q, ?> call, FerryException refusal) {
    StatusRuntimeException status = GrpcErrors.toStatus(refusal);
    call.close(status.getStatus(), status.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
