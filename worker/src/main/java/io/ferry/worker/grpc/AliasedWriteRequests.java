package io.ferry.worker.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.WriteFileRequest;
import io.grpc.HasByteBuffer;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses WriteFile requests without copying a chunk's bytes: the chunk stays
 * in the transport's (direct) buffers and goes from there into the block
 * file ({@code TempBlock.write}), where parsing copied it into the heap and
 * the file write copied it again into a temporary direct buffer. The buffers
 * are the request's until gRPC closes its stream, right after
 * {@link FileWriteSession#onNext} returns, and the session keeps no chunk
 * beyond that; the other requests (a header, which the session keeps, a sync)
 * are copied.
 */
final class AliasedWriteRequests implements MethodDescriptor.Marshaller<WriteFileRequest> {
  private final MethodDescriptor.Marshaller<WriteFileRequest> copying;

  AliasedWriteRequests(MethodDescriptor.Marshaller<WriteFileRequest> copying) {
    this.copying = copying;
  }

  /** {@code service} with its WriteFile method parsing requests this way. */
  static ServerServiceDefinition inWriteFile(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      if (m.getMethodDescriptor().getFullMethodName()
          .equals(BlockWorkerServiceGrpc.getWriteFileMethod().getFullMethodName())) {
        b.addMethod(aliased(asWriteFile(m)));
      } else {
        b.addMethod(m);
      }
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static <R> ServerMethodDefinition<WriteFileRequest, R> asWriteFile(ServerMethodDefinition<?, R> m) {
    return (ServerMethodDefinition<WriteFileRequest, R>) m;
  }

  private static <R> ServerMethodDefinition<WriteFileRequest, R> aliased(ServerMethodDefinition<WriteFileRequest, R> m) {
    MethodDescriptor<WriteFileRequest, R> d = m.getMethodDescriptor();
    return ServerMethodDefinition.create(d.toBuilder(new AliasedWriteRequests(d.getRequestMarshaller()),
        d.getResponseMarshaller()).build(), m.getServerCallHandler());
  }

  @Override
  public InputStream stream(WriteFileRequest value) {
    return copying.stream(value);
  }

  @Override
  public WriteFileRequest parse(InputStream stream) {
    if (!(stream instanceof HasByteBuffer buffers) || !buffers.byteBufferSupported() || !stream.markSupported()) {
      return copying.parse(stream);
    }
    try {
      CodedInputStream in = pieces(stream, buffers).newCodedInput();
      in.enableAliasing(true);
      WriteFileRequest request = WriteFileRequest.parseFrom(in);
      return request.hasChunk() ? request : WriteFileRequest.parseFrom(request.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stream's bytes as its own buffers; marked, the stream keeps them until it is closed. */
  private static ByteString pieces(InputStream stream, HasByteBuffer buffers) throws IOException {
    stream.mark(Integer.MAX_VALUE);
    List<ByteString> pieces = new ArrayList<>();
    for (ByteBuffer piece = buffers.getByteBuffer(); piece != null && piece.hasRemaining();
        piece = buffers.getByteBuffer()) {
      pieces.add(UnsafeByteOperations.unsafeWrap(piece));
      for (long left = piece.remaining(); left > 0; ) {
        long skipped = stream.skip(left);
        if (skipped <= 0) {
          throw new IOException("The request stream ended " + left + " bytes before its buffer");
        }
        left -= skipped;
      }
    }
    return ByteString.copyFrom(pieces);
  }
}
