package io.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.ferry.proto.ReadBlockResponse;
import io.grpc.internal.ReadableBuffers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadBlockChunkMarshallerTest {
  private static final byte[] BYTES = randomBytes(300_000);

  @Test
  void chunkFromTransportBuffersHoldsTheResponseBytes() throws Exception {
    ReadBlockChunk chunk = ReadBlockChunkMarshaller.INSTANCE.parse(transportStream(response(BYTES)));

    assertEquals(BYTES.length, chunk.remaining());
    assertArrayEquals(BYTES, drain(chunk, ByteBuffer.allocate(BYTES.length)));
  }

  @Test
  void chunkCopiesIntoDirectBuffersPieceByPiece() throws Exception {
    ReadBlockChunk chunk = ReadBlockChunkMarshaller.INSTANCE.parse(transportStream(response(BYTES)));

    ByteBuffer dst = ByteBuffer.allocateDirect(BYTES.length);
    for (int piece = 70_000; dst.hasRemaining(); ) {
      chunk.copyTo(dst.slice(dst.position(), Math.min(piece, dst.remaining())));
      dst.position(dst.position() + Math.min(piece, dst.remaining()));
    }
    byte[] copied = new byte[BYTES.length];
    dst.flip().get(copied);
    assertArrayEquals(BYTES, copied);
    assertEquals(0, chunk.remaining());
  }

  @Test
  void responseWithFieldsThisClientDoesNotKnowStillYieldsItsChunk() throws Exception {
    byte[] withExtraField = ReadBlockResponse.newBuilder()
        .setChunk(ByteString.copyFrom(BYTES))
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(42).build()).build())
        .build().toByteArray();

    ReadBlockChunk chunk = ReadBlockChunkMarshaller.INSTANCE.parse(transportStream(withExtraField));

    assertArrayEquals(BYTES, drain(chunk, ByteBuffer.allocate(BYTES.length)));
  }

  @Test
  void emptyResponseIsAnEmptyChunk() {
    ReadBlockChunk chunk = ReadBlockChunkMarshaller.INSTANCE.parse(transportStream(new byte[0]));

    assertEquals(0, chunk.remaining());
  }

  @Test
  void streamThatCannotBeDetachedIsCopied() throws Exception {
    ReadBlockChunk chunk = ReadBlockChunkMarshaller.INSTANCE.parse(new ByteArrayInputStream(response(BYTES)));

    assertArrayEquals(BYTES, drain(chunk, ByteBuffer.allocate(BYTES.length)));
  }

  /** A stream like the one gRPC's Netty transport hands to marshallers: known length, detachable. */
  private static InputStream transportStream(byte[] message) {
    return ReadableBuffers.openStream(ReadableBuffers.wrap(message), true);
  }

  private static byte[] response(byte[] chunk) {
    return ReadBlockResponse.newBuilder().setChunk(ByteString.copyFrom(chunk)).build().toByteArray();
  }

  private static byte[] drain(ReadBlockChunk chunk, ByteBuffer dst) throws Exception {
    while (chunk.remaining() > 0) {
      chunk.copyTo(dst);
    }
    return dst.array();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }
}
