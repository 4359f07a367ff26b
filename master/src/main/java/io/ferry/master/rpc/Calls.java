package io.ferry.master.rpc;

import io.ferry.common.grpc.GrpcErrors;
import io.grpc.stub.StreamObserver;

/** Runs a unary call body: its result completes the call, its failure becomes a mapped status. */
final class Calls {
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  private Calls() {}

  static <T> void unary(StreamObserver<T> observer, Body<T> body) {
    T result;
    try {
      result = body.run();
    } catch (Exception e) {
      GrpcErrors.fail(observer, e);
      return;
    }
    observer.onNext(result);
    observer.onCompleted();
  }
}
