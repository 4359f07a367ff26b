package io.ferry.master.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlowControlledSenderTest {

  @Test
  void sendsAtOnceWhenTheClientIsReady() {
    Call call = new Call();
    call.ready = true;

    new FlowControlledSender<>(call).accept("page 1");

    assertThat(call.sent).containsExactly("page 1");
  }

  @Test
  void holdsAMessageUntilTheClientIsReady() throws Exception {
    Call call = new Call();
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> new FlowControlledSender<>(call).accept("page 1"));

    Thread.sleep(100);
    assertThat(call.sent).isEmpty();
    call.ready = true;
    sending.get(30, TimeUnit.SECONDS);

    assertThat(call.sent).containsExactly("page 1");
  }

  @Test
  void stopsWaitingWhenTheCallIsCancelled() throws Exception {
    Call call = new Call();
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> new FlowControlledSender<>(call).accept("page 1"));

    call.cancelled = true;
    sending.get(30, TimeUnit.SECONDS); // a real call's onNext would then throw CANCELLED

    assertThat(call.sent).containsExactly("page 1");
  }

  /** A call whose readiness and cancellation the test sets, keeping what is sent. */
  private static final class Call extends ServerCallStreamObserver<String> {
    volatile boolean ready;
    volatile boolean cancelled;
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void onNext(String value) {
      sent.add(value);
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
