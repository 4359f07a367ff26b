package io.ferry.client;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.security.TlsFailures;
import io.grpc.StatusRuntimeException;

/**
 * gRPC failures as Ferry errors, with the transport's cause (e.g. "Connection
 * refused") in the message, unless TLS explains the failure in words.
 */
final class RpcFailures {
  private RpcFailures() {}

  static FerryException of(StatusRuntimeException e, String target) {
    FerryException fe = GrpcErrors.fromStatus(e, target);
    Throwable cause = e.getStatus().getCause();
    if (cause == null || cause.getMessage() == null || fe.getMessage().contains(cause.getMessage())
        || TlsFailures.explain(e, target).isPresent()) {
      return fe;
    }
    return new FerryException(fe.code(), fe.getMessage() + " (" + cause.getMessage() + ")", e);
  }
}
