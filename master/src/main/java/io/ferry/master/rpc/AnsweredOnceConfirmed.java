package io.ferry.master.rpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A unary call that started before its lead was confirmed (see
 * {@link LeaderOnly}): its answer, whatever it is (a result, an error, a
 * denial), is held until the confirmation comes, then sent; if the
 * confirmation fails, the call is refused with NOT_LEADER instead, so a
 * deposed leader answers nothing from its stale state.
 */
final class AnsweredOnceConfirmed<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
  private final LeaderOnly.Deferred lead;
  private final Executor executor;
  private final List<R> messages = new ArrayList<>(1);
  private Metadata headers;

  AnsweredOnceConfirmed(ServerCall<Q, R> call, LeaderOnly.Deferred lead, Executor executor) {
    super(call);
    this.lead = lead;
    this.executor = executor;
  }

  @Override
  public void sendHeaders(Metadata headers) {
    this.headers = headers;
  }

  @Override
  public void sendMessage(R message) {
    messages.add(message);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    CompletableFuture<Void> confirmed = lead.confirmed();
    if (confirmed.isDone()) { // the call's own commit confirmed it
      answer(confirmed.handle((ok, failure) -> failure).join(), status, trailers);
    } else {
      confirmed.whenCompleteAsync((ok, failure) -> answer(failure, status, trailers), executor);
    }
  }

  private void answer(Throwable refused, Status status, Metadata trailers) {
    if (refused != null) {
      LeaderOnly.refuse(delegate(), refused);
      return;
    }
    if (headers != null) {
      delegate().sendHeaders(headers);
    }
    messages.forEach(delegate()::sendMessage);
    delegate().close(status, trailers);
  }
}
