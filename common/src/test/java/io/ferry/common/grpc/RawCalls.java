package io.ferry.common.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Calls a method with any bytes as its request, as a hostile client would. */
public final class RawCalls {
  /** Messages as they are on the wire: with it a call sends and receives any bytes. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private RawCalls() {}

  /** {@code method} with its messages as bytes. */
  public static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  /** How the call with {@code request} as its one message ended. */
  public static Status call(Channel channel, MethodDescriptor<?, ?> method, byte[] request, Metadata headers)
      throws Exception {
    CompletableFuture<Status> done = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(raw(method),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, headers);
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    return done.get(20, TimeUnit.SECONDS);
  }
}
