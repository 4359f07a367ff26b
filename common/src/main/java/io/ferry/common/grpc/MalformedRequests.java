package io.ferry.common.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Refuses a request that does not parse with INVALID_ARGUMENT naming the
 * method and what is wrong. gRPC alone answers such a request with UNKNOWN
 * ("Application error processing RPC") and logs a stack trace per request,
 * so any peer could flood the log. The service's handlers never see the
 * request; a streaming call ends at its first malformed message.
 */
final class MalformedRequests {
  /** What the request marshaller returns instead of throwing. */
  private record Malformed(String reason) {}

  private MalformedRequests() {}

  static ServerServiceDefinition refused(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      b.addMethod(refused(m));
    }
    return b.build();
  }

  private static <Q, R> ServerMethodDefinition<Object, R> refused(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> original = method.getMethodDescriptor();
    MethodDescriptor<Object, R> tolerant = original.toBuilder(new TolerantMarshaller<>(original
        .getRequestMarshaller()), original.getResponseMarshaller()).build();
    return ServerMethodDefinition.create(tolerant, new Handler<>(method.getServerCallHandler()));
  }

  /** Parses as the original marshaller does, but returns a failure instead of throwing it. */
  private static final class TolerantMarshaller<Q> implements MethodDescriptor.Marshaller<Object> {
    private final MethodDescriptor.Marshaller<Q> original;

    TolerantMarshaller(MethodDescriptor.Marshaller<Q> original) {
      this.original = original;
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputStream stream(Object value) {
      return original.stream((Q) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return original.parse(stream);
      } catch (RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new Malformed(String.valueOf(cause.getMessage()));
      }
    }
  }

  /** Starts the service's own handler, and closes the call at the first malformed request it is sent. */
  private static final class Handler<Q, R> implements ServerCallHandler<Object, R> {
    private final ServerCallHandler<Q, R> service;

    Handler(ServerCallHandler<Q, R> service) {
      this.service = service;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ServerCall.Listener<Object> startCall(ServerCall<Object, R> call, Metadata headers) {
      RefusableCall<R> refusable = new RefusableCall<>(call);
      ServerCall.Listener<Q> listener = service.startCall((ServerCall<Q, R>) (ServerCall<?, R>) refusable, headers);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(Object message) {
          if (refusable.refused) {
            return;
          }
          if (message instanceof Malformed m) {
            refusable.refuse(Status.INVALID_ARGUMENT.withDescription("Malformed request to "
                + call.getMethodDescriptor().getFullMethodName() + ": " + m.reason()));
            listener.onCancel(); // the service releases what the call held
            return;
          }
          listener.onMessage((Q) message);
        }

        @Override
        public void onHalfClose() {
          if (!refusable.refused) {
            listener.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          if (!refusable.refused) {
            listener.onCancel();
          }
        }

        @Override
        public void onComplete() {
          if (!refusable.refused) {
            listener.onComplete();
          }
        }

        @Override
        public void onReady() {
          if (!refusable.refused) {
            listener.onReady();
          }
        }
      };
    }
  }

  /** The call as the service sees it: once refused, what the service still sends is dropped. */
  private static final class RefusableCall<R> extends ForwardingServerCall.SimpleForwardingServerCall<Object, R> {
    private volatile boolean refused;

    RefusableCall(ServerCall<Object, R> call) {
      super(call);
    }

    synchronized void refuse(Status status) {
      refused = true;
      super.close(status, new Metadata());
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!refused) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!refused) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!refused) {
        super.close(status, trailers);
      }
    }
  }
}
