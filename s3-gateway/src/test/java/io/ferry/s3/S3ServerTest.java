package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 endpoint's HTTP transport, with handlers that stand for the operations. */
class S3ServerTest {
  private static final int MIB = 1 << 20;

  private final ExecutorService operations = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newHttpClient();
  private S3Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    operations.shutdownNow();
  }

  private URI serve(S3Handler handler) throws IOException {
    server = S3Server.start(new InetSocketAddress("127.0.0.1", 0), handler, operations, Optional.empty());
    return URI.create("http://127.0.0.1:" + server.port() + "/bucket/key");
  }

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + i / 4099);
    }
    return bytes;
  }

  /** Streams {@code bytes} in chunks of {@code chunkSize}, but only the first {@code sent} of them. */
  private static S3Handler streaming(byte[] bytes, int chunkSize, int sent) {
    return (request, exchange) -> {
      try (ResponseBody body = exchange.stream(200, Map.of("Content-Length", Integer.toString(bytes.length)),
          bytes.length)) {
        for (int at = 0; at < sent; at += chunkSize) {
          ByteBuffer chunk = body.chunk(Math.min(chunkSize, sent - at));
          assertThat(chunk.isDirect()).isTrue();
          chunk.put(bytes, at, chunk.remaining());
          body.send(chunk);
        }
      }
    };
  }

  @Test
  void streamedBodyArrivesWholeWithItsLength() throws Exception {
    byte[] bytes = pattern(3 * MIB + 12345);
    URI uri = serve(streaming(bytes, MIB, bytes.length));

    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).contains(Integer.toString(bytes.length));
    assertThat(Arrays.equals(response.body(), bytes)).isTrue();
  }

  @Test
  void bodyOfMorePartsThanMayWaitUnsentArrivesWhole() throws Exception {
    byte[] bytes = pattern(10 * MIB + 3);
    URI uri = serve(streaming(bytes, 256 << 10, bytes.length));

    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(Arrays.equals(response.body(), bytes)).isTrue();
  }

  @Test
  void bodyMixesSpansOfFilesWithChunks(@TempDir Path dir) throws Exception {
    byte[] bytes = pattern(3 * MIB);
    Path file = dir.resolve("block");
    Files.write(file, bytes);
    URI uri = serve((request, exchange) -> {
      try (ResponseBody body = exchange.stream(200, Map.of("Content-Length", Integer.toString(2 * MIB)), 2 * MIB)) {
        body.sendFile(FileChannel.open(file, StandardOpenOption.READ), 5, MIB);
        ByteBuffer chunk = body.chunk(MIB);
        chunk.put(bytes, 5 + MIB, MIB);
        body.send(chunk);
      }
    });

    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(Arrays.equals(response.body(), Arrays.copyOfRange(bytes, 5, 5 + 2 * MIB))).isTrue();
  }

  @Test
  void streamedBodyCutShortClosesTheConnection() throws Exception {
    byte[] bytes = pattern(2 * MIB);
    URI uri = serve(streaming(bytes, MIB, MIB));

    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
  }

  @Test
  void requestBodyLargerThanWhatIsQueuedIsReadWhole() throws Exception {
    byte[] bytes = pattern(9 * MIB + 7);
    URI uri = serve((request, exchange) -> {
      byte[] read;
      try (InputStream in = request.body()) {
        read = in.readAllBytes();
      }
      byte[] verdict = (Arrays.equals(read, bytes) ? "same" : "differs after " + read.length)
          .getBytes(StandardCharsets.UTF_8);
      exchange.send(200, Map.of("Content-Length", Integer.toString(verdict.length)), verdict);
    });

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("same");
  }

  @Test
  void requestsFollowOneAnotherOnOneConnection() throws Exception {
    URI uri = serve((request, exchange) -> {
      byte[] path = request.resource().getBytes(StandardCharsets.UTF_8);
      exchange.send(200, Map.of("Content-Length", Integer.toString(path.length)), path);
    });

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri.resolve("/b/k" + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("/b/k" + i);
    }
  }

  @Test
  void headAnswerCarriesTheLengthWithoutTheBody() throws Exception {
    URI uri = serve((request, exchange) ->
        exchange.send(200, Map.of("Content-Length", "1234"), new byte[0]));

    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.headers().firstValue("Content-Length")).contains("1234");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void handlerThatAnswersNothingCutsTheConnection() throws Exception {
    URI uri = serve((request, exchange) -> { });

    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
  }
}
