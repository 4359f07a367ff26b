package io.ferry.master.rpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Only the leader master serves, and only once it is confirmed to lead after
 * the call arrived, so a leader cut off from the others answers nothing
 * stale: on a follower (or a deposed leader) every call is refused with
 * NOT_LEADER, naming the leader when known, and clients move there. A call
 * whose confirmation is not at hand (with several masters: a round of
 * heartbeats first) waits for it without holding the transport thread.
 * A mutation that journals runs at once and is confirmed when it answers
 * ({@link AnsweredOnceConfirmed}): its own Raft commit is the confirmation,
 * and only an answer made without one (an error, a no-op) waits for a
 * round of heartbeats.
 */
public final class LeaderOnly implements ServerInterceptor {
  /** The lead confirmed now. */
  @FunctionalInterface
  public interface Check {
    /** Completes when this master leads, ready to serve; else fails with NOT_LEADER. */
    CompletableFuture<Void> leading();

    /**
     * For a call that journals: the lead's confirmation, begun now and
     * taken when the call answers; NOT_LEADER at once when this master does
     * not lead as far as it knows. By default the confirmation is asked now.
     */
    default Deferred deferred() throws FerryException {
      CompletableFuture<Void> now = leading();
      return () -> now;
    }
  }

  /** A confirmation of the lead since a call arrived, taken when it answers. */
  @FunctionalInterface
  public interface Deferred {
    /** Completes when this master is confirmed to have led since the call arrived; else fails with NOT_LEADER. */
    CompletableFuture<Void> confirmed();
  }

  /** For a master that is the only one: it always leads. */
  public static final Check ALONE = () -> CompletableFuture.completedFuture(null);

  private final Check check;
  private final Executor executor;
  private final Set<String> journaling;

  /** Calls that wait for their confirmation start on {@code executor}. */
  public LeaderOnly(Check check, Executor executor) {
    this(check, executor, Set.of());
  }

  /** As above; the unary calls {@code journaling} are confirmed when they answer. */
  public LeaderOnly(Check check, Executor executor, Set<MethodDescriptor<?, ?>> journaling) {
    this.check = check;
    this.executor = executor;
    this.journaling = journaling.stream().map(MethodDescriptor::getFullMethodName).collect(Collectors.toSet());
  }

  /** True if this master is confirmed to lead, ready to serve (waits for the confirmation). */
  public boolean leading() {
    try {
      check.leading().get();
      return true;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    if (journaling.contains(call.getMethodDescriptor().getFullMethodName())) {
      Deferred lead;
      try {
        lead = check.deferred();
      } catch (FerryException e) {
        refuse(call, e);
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(new AnsweredOnceConfirmed<>(call, lead, executor), headers);
    }
    CompletableFuture<Void> lead = check.leading();
    if (lead.isDone()) { // one master, or a refusal known at once
      Throwable refused = lead.handle((ok, failure) -> failure).join();
      if (refused != null) {
        refuse(call, refused);
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
    DelayedListener<Q> delayed = new DelayedListener<>();
    Context context = Context.current();
    lead.whenCompleteAsync((ok, failure) -> context.run(() -> {
      if (failure != null) {
        refuse(call, failure);
      } else if (!call.isCancelled()) {
        delayed.start(next.startCall(call, headers));
      }
    }), executor);
    return delayed;
  }

  static void refuse(ServerCall<?, ?> call, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    FerryException e = cause instanceof FerryException fe ? fe
        : new FerryException(ErrorCode.UNAVAILABLE, "Cannot confirm that this master leads: " + cause, cause);
    StatusRuntimeException status = GrpcErrors.toStatus(e);
    call.close(status.getStatus(), status.getTrailers());
  }
}
