package io.ferry.master.rpc;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;

/**
 * Only the leader master serves: on a follower every call is refused with
 * NOT_LEADER, naming the leader when known, and clients move there.
 */
public final class LeaderOnly implements ServerInterceptor {
  /** Throws NOT_LEADER unless this master is the leader and ready to serve. */
  @FunctionalInterface
  public interface Check {
    void leading() throws FerryException;
  }

  private final Check check;

  public LeaderOnly(Check check) {
    this.check = check;
  }

  /** True if this master is the leader and ready to serve. */
  public boolean leading() {
    try {
      check.leading();
      return true;
    } catch (FerryException e) {
      return false;
    }
  }

  /** The service with this check in front of each of its calls. */
  public BindableService wrap(BindableService service) {
    return () -> ServerInterceptors.intercept(service, this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    try {
      check.leading();
    } catch (FerryException e) {
      StatusRuntimeException status = GrpcErrors.toStatus(e);
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
