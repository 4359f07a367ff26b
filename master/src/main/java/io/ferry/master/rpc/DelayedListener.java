package io.ferry.master.rpc;

import io.grpc.ServerCall;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A call's listener while the call waits to start (see {@link LeaderOnly}):
 * what the transport reports before the call starts is passed on, in order,
 * to the listener of the started call.
 */
final class DelayedListener<Q> extends ServerCall.Listener<Q> {
  private final Queue<Consumer<ServerCall.Listener<Q>>> early = new ArrayDeque<>();
  private ServerCall.Listener<Q> started; // guarded by this

  /** The call has started with {@code listener}: it receives what came before, then everything else. */
  void start(ServerCall.Listener<Q> listener) {
    while (true) {
      Consumer<ServerCall.Listener<Q>> event;
      synchronized (this) {
        event = early.poll();
        if (event == null) {
          started = listener;
          return;
        }
      }
      event.accept(listener);
    }
  }

  private void deliver(Consumer<ServerCall.Listener<Q>> event) {
    ServerCall.Listener<Q> listener;
    synchronized (this) {
      if (started == null) {
        early.add(event);
        return;
      }
      listener = started;
    }
    event.accept(listener);
  }

  @Override
  public void onMessage(Q message) {
    deliver(l -> l.onMessage(message));
  }

  @Override
  public void onHalfClose() {
    deliver(ServerCall.Listener::onHalfClose);
  }

  @Override
  public void onCancel() {
    deliver(ServerCall.Listener::onCancel);
  }

  @Override
  public void onComplete() {
    deliver(ServerCall.Listener::onComplete);
  }

  @Override
  public void onReady() {
    deliver(ServerCall.Listener::onReady);
  }
}
