package io.ferry.it;

import io.ferry.common.grpc.RawCalls;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends hostile requests to every method of a gRPC server through raw
 * {@link ClientCall}s whose bodies are bytes: random bytes, truncated and
 * oversized messages, well-formed messages with hostile values, no request or
 * two for a unary method, an oversized header list. Records how each call
 * ended.
 */
final class GrpcFuzzer {
  /** How one call ended. */
  record Outcome(String server, String method, String kind, Status status) {
    @Override
    public String toString() {
      return server + " " + method + " (" + kind + "): " + status.getCode() + " " + status.getDescription();
    }
  }

  private static final Metadata.Key<String> PADDING = Metadata.Key.of("x-fuzz-padding",
      Metadata.ASCII_STRING_MARSHALLER);

  private final Random random;
  private final RandomMessages messages;
  private final int variants;
  private final int oversizedBytes;
  private final int oversizedHeaderBytes;
  private final Duration deadline;
  private final Semaphore inFlight;

  /**
   * {@code variants} calls of each random kind per method; oversized
   * messages and header lists are just above the servers' limits;
   * {@code concurrency} calls at most in flight.
   */
  GrpcFuzzer(Random random, int variants, int maxMessageBytes, int maxHeaderListBytes, Duration deadline,
      int concurrency) {
    this.random = random;
    this.messages = new RandomMessages(random);
    this.variants = variants;
    this.oversizedBytes = maxMessageBytes + 1024;
    this.oversizedHeaderBytes = maxHeaderListBytes + 1024;
    this.deadline = deadline;
    this.inFlight = new Semaphore(concurrency);
  }

  /** Every method of {@code methods} on {@code channel}; waits until every call ended. */
  List<Outcome> fuzz(String server, Channel channel, List<GrpcServices.Method> methods) throws InterruptedException {
    List<CompletableFuture<Outcome>> calls = new ArrayList<>();
    for (GrpcServices.Method m : methods) {
      MethodDescriptor<byte[], byte[]> raw = RawCalls.raw(m.grpc());
      for (int i = 0; i < variants; i++) {
        calls.add(call(server, channel, raw, "random bytes", List.of(messages.bytes(random.nextInt(2048)))));
        byte[] valid = messages.of(m.requestType()).toByteArray();
        calls.add(call(server, channel, raw, "well-formed", List.of(valid)));
        byte[] other = messages.of(m.requestType()).toByteArray();
        if (other.length > 0) {
          calls.add(call(server, channel, raw, "truncated",
              List.of(Arrays.copyOf(other, random.nextInt(other.length)))));
        }
      }
      calls.add(call(server, channel, raw, "no request", List.of()));
      calls.add(call(server, channel, raw, "two requests", List.of(new byte[0], messages.bytes(16))));
      calls.add(call(server, channel, raw, "oversized message", List.of(messages.bytes(oversizedBytes))));
      Metadata padded = new Metadata();
      padded.put(PADDING, "p".repeat(oversizedHeaderBytes));
      calls.add(call(server, channel, raw, "oversized headers", List.of(new byte[0]), padded));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (CompletableFuture<Outcome> c : calls) {
      outcomes.add(c.join());
    }
    return outcomes;
  }

  private CompletableFuture<Outcome> call(String server, Channel channel, MethodDescriptor<byte[], byte[]> method,
      String kind, List<byte[]> requests) throws InterruptedException {
    return call(server, channel, method, kind, requests, new Metadata());
  }

  /** Sends {@code requests}, half-closes, and drains the answers until the call ends (or its deadline). */
  private CompletableFuture<Outcome> call(String server, Channel channel, MethodDescriptor<byte[], byte[]> method,
      String kind, List<byte[]> requests, Metadata headers) throws InterruptedException {
    inFlight.acquire();
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        inFlight.release();
        done.complete(new Outcome(server, method.getFullMethodName(), kind, status));
      }
    }, headers);
    call.request(Integer.MAX_VALUE);
    for (byte[] r : requests) {
      call.sendMessage(r);
    }
    call.halfClose();
    return done;
  }
}
