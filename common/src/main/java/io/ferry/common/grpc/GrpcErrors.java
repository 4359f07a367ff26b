package io.ferry.common.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.error.NotLeaderException;
import io.ferry.common.security.TlsFailures;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Carries {@link FerryException}s across gRPC: code in a trailer, message in the status. */
public final class GrpcErrors {
  /** Percent-encoded (up to 3 bytes each), well under the header list a client accepts (RpcLimits). */
  private static final int MAX_DESCRIPTION_BYTES = 2000;
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
    return fe.code().grpcCode().toStatus().withDescription(fitForHeader(fe.getMessage())).asRuntimeException(trailers);
  }

  /**
   * The message cut to {@value #MAX_DESCRIPTION_BYTES} UTF-8 bytes: it travels
   * percent-encoded in a header, and a client refuses headers over 8 KiB
   * (a long path in an error would otherwise turn it into an HTTP/2 error).
   */
  static String fitForHeader(String message) {
    if (message == null) {
      return null;
    }
    int bytes = 0;
    for (int i = 0; i < message.length(); i = message.offsetByCodePoints(i, 1)) {
      int cp = message.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes > MAX_DESCRIPTION_BYTES) {
        return message.substring(0, i) + "…";
      }
    }
    return message;
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
    Optional<ErrorCode> named = known(name);
    if (named.isPresent()) {
      return new FerryException(named.get(), status.getDescription());
    }
    ErrorCode code = ErrorCode.fromGrpc(status.getCode());
    String why = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    if (code == ErrorCode.UNAVAILABLE) {
      return new FerryException(code, TlsFailures.explain(e, target).orElse(target + " is unavailable: " + why), e);
    }
    if (code == ErrorCode.DEADLINE_EXCEEDED) {
      return new FerryException(code, target + " did not answer in time: " + why, e);
    }
    return new FerryException(code, why, e);
  }

  /** The Ferry code a trailer names; empty without one, or for a code of a newer version than this one. */
  private static Optional<ErrorCode> known(String name) {
    try {
      return name == null ? Optional.empty() : Optional.of(ErrorCode.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
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
    if (t instanceof IOException e && FerryException.isOutOfSpace(e)) {
      return new FerryException(ErrorCode.NO_SPACE, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
    if (t instanceof IOException) {
      return new FerryException(ErrorCode.UFS_ERROR, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
    return new FerryException(ErrorCode.INTERNAL, t.getClass().getName() + ": " + t.getMessage(), t);
  }
}
