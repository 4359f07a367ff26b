package io.ferry.master.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends a server-streaming call's messages no faster than its client takes them: before each
 * message it waits while gRPC's flow control holds the call's transport buffer full
 * ({@code isReady()} false), so a slow client makes a listing wait instead of making the master
 * buffer the whole directory.
 *
 * <p>It polls {@code isReady()} rather than waiting for the call's onReady callback: a call's
 * callbacks run one at a time, and the one that runs the service method (and so this sender) would
 * hold the onReady callback back. Call it on an executor thread, never on a transport thread.
 */
final class FlowControlledSender<T> implements Consumer<T> {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private final ServerCallStreamObserver<T> observer;

  FlowControlledSender(StreamObserver<T> observer) {
    this.observer = (ServerCallStreamObserver<T>) observer;
  }

  @Override
  public void accept(T message) {
    while (!observer.isReady() && !observer.isCancelled()) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    observer.onNext(message); // a cancelled call's onNext throws CANCELLED: the sending ends
  }
}
