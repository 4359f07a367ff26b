package io.ferry.common.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.error.NotLeaderException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Carries {@link FerryException}s across gRPC: code in a trailer, message in the status. */
public final class GrpcErrors {
  private static final Metadata.Key<String> CODE_KEY =
      Metadata.Key.of("ferry-error-code", Metadata.ASCII_STRING_MARSHALLER);
  /** With NOT_LEADER: the leader's RPC address, the redirect. */
  private static final Metadata.Key<String> LEADER_KEY =
      Metadata.Key.of("ferry-leader", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcErrors() {}

  /** Server side: turns any failure into a status a client can map back. */
  public static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException) {
      return (StatusRuntimeException) t;
    }
    FerryException fe = asFerryException(t);
    Metadata trailers = new Metadata();
    trailers.put(CODE_KEY, fe.code().name());
    if (fe instanceof NotLeaderException nle) {
      nle.leader().ifPresent(l -> trailers.put(LEADER_KEY, l));
    }
    return fe.code().grpcCode().toStatus().withDescription(fe.getMessage()).asRuntimeException(trailers);
  }

  /** Server side: completes an observer with the mapped error. */
  public static void fail(StreamObserver<?> observer, Throwable t) {
    observer.onError(toStatus(t));
  }

  /** Client side: the Ferry error a gRPC failure stands for. */
  public static FerryException fromStatus(StatusRuntimeException e, String target) {
    Metadata trailers = e.getTrailers();
    String name = trailers == null ? null : trailers.get(CODE_KEY);
    Status status = e.getStatus();
    if (ErrorCode.NOT_LEADER.name().equals(name)) {
      return NotLeaderException.fromWire(status.getDescription(), trailers.get(LEADER_KEY));
    }
    if (name != null) {
      return new FerryException(ErrorCode.valueOf(name), status.getDescription());
    }
    ErrorCode code = ErrorCode.fromGrpc(status.getCode());
    String why = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    if (code == ErrorCode.UNAVAILABLE) {
      return new FerryException(code, target + " is unavailable: " + why, e);
    }
    if (code == ErrorCode.DEADLINE_EXCEEDED) {
      return new FerryException(code, target + " did not answer in time: " + why, e);
    }
    return new FerryException(code, why, e);
  }

  /** Any failure as a Ferry error: its own code, or the one its exception type maps to. */
  public static FerryException asFerryException(Throwable t) {
    if (t instanceof FerryException) {
      return (FerryException) t;
    }
    if (t instanceof java.nio.file.NoSuchFileException || t instanceof java.io.FileNotFoundException) {
      return new FerryException(ErrorCode.NOT_FOUND, "No such file or directory: " + t.getMessage(), t);
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + t.getMessage(), t);
    }
    if (t instanceof TimeoutException) {
      return new FerryException(ErrorCode.DEADLINE_EXCEEDED, String.valueOf(t.getMessage()), t);
    }
    if (t instanceof IOException) {
      return new FerryException(ErrorCode.UFS_ERROR, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
    return new FerryException(ErrorCode.INTERNAL, t.getClass().getName() + ": " + t.getMessage(), t);
  }
}
