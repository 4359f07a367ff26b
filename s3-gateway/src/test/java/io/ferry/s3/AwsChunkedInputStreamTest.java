package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {
  private static InputStream chunked(String body) {
    return new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void chunksAreJoinedAndTrailersSkipped() throws IOException {
    String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    assertThat(new String(chunked(body).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
  }

  @Test
  void chunkExtensionsAreIgnored() throws IOException {
    String body = "3;chunk-signature=abc\r\nabc\r\n0;chunk-signature=def\r\n\r\n";
    assertThat(new String(chunked(body).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void bodyEndingInsideAChunkFails() {
    assertThatThrownBy(() -> chunked("a\r\nshort").readAllBytes()).isInstanceOf(IOException.class);
  }

  @Test
  void chunkLongerThanItsSizeFails() {
    assertThatThrownBy(() -> chunked("2\r\nabc\r\n0\r\n\r\n").readAllBytes()).isInstanceOf(IOException.class);
  }
}
