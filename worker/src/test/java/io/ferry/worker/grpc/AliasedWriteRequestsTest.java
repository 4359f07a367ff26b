package io.ferry.worker.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AliasedWriteRequestsTest {
  private static final byte[] BYTES = randomBytes(300_000);
  /** What the Netty transport hands over: a message in pieces of about an HTTP/2 frame each. */
  private static final int PIECE = 16 * 1024;
  private static final AliasedWriteRequests MARSHALLER =
      new AliasedWriteRequests(ProtoUtils.marshaller(WriteFileRequest.getDefaultInstance()));

  @Test
  void chunkReceivedInPiecesHoldsItsBytes() {
    WriteFileRequest parsed = MARSHALLER.parse(transportStream(pieces(chunk(BYTES))));

    assertArrayEquals(BYTES, parsed.getChunk().toByteArray());
  }

  @Test
  void chunkStaysInTheTransportBuffers() {
    List<ByteBuffer> pieces = pieces(chunk(BYTES));
    WriteFileRequest parsed = MARSHALLER.parse(transportStream(pieces));

    pieces.forEach(AliasedWriteRequestsTest::zero);

    assertEquals(ByteString.copyFrom(new byte[BYTES.length]), parsed.getChunk());
  }

  @Test
  void headerIsCopiedOutOfTheTransportBuffers() {
    WriteFileRequest header = WriteFileRequest.newBuilder()
        .setHeader(WriteFileHeader.newBuilder().setFileId(7).setUfsUri("s3://bucket/ckpt/shard-0.pt")).build();
    List<ByteBuffer> pieces = pieces(header.toByteArray());
    WriteFileRequest parsed = MARSHALLER.parse(transportStream(pieces));

    pieces.forEach(AliasedWriteRequestsTest::zero);

    assertEquals(header, parsed);
  }

  @Test
  void streamWithoutBuffersIsParsedByCopying() {
    WriteFileRequest parsed = MARSHALLER.parse(new ByteArrayInputStream(chunk(BYTES)));

    assertArrayEquals(BYTES, parsed.getChunk().toByteArray());
  }

  private static InputStream transportStream(List<ByteBuffer> pieces) {
    CompositeReadableBuffer message = new CompositeReadableBuffer();
    pieces.forEach(p -> message.addBuffer(ReadableBuffers.wrap(p.duplicate())));
    return ReadableBuffers.openStream(message, true);
  }

  private static List<ByteBuffer> pieces(byte[] message) {
    List<ByteBuffer> pieces = new ArrayList<>();
    for (int at = 0; at < message.length; at += PIECE) {
      int n = Math.min(PIECE, message.length - at);
      pieces.add(ByteBuffer.allocateDirect(n).put(message, at, n).flip());
    }
    return pieces;
  }

  private static void zero(ByteBuffer piece) {
    piece.duplicate().put(new byte[piece.remaining()]);
  }

  private static byte[] chunk(byte[] bytes) {
    return WriteFileRequest.newBuilder().setChunk(ByteString.copyFrom(bytes)).build().toByteArray();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }
}
