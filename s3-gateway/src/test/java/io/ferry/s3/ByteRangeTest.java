package io.ferry.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void closedRangeIsClippedToTheObject() throws S3Exception {
    assertThat(ByteRange.parse("bytes=10-19", 100)).isEqualTo(new ByteRange(10, 19));
    assertThat(ByteRange.parse("bytes=90-200", 100)).isEqualTo(new ByteRange(90, 99));
  }

  @Test
  void openRangeRunsToTheEnd() throws S3Exception {
    assertThat(ByteRange.parse("bytes=95-", 100)).isEqualTo(new ByteRange(95, 99));
  }

  @Test
  void suffixRangeIsTheLastBytes() throws S3Exception {
    assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange(95, 99));
    assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 99));
  }

  @Test
  void rangeStartingAtOrPastTheEndIsInvalid() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.status()).isEqualTo(416));
  }

  @Test
  void headersThatAreNotOneByteRangeAskForTheWholeObject() throws S3Exception {
    assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
    assertThat(ByteRange.parse("items=0-1", 100)).isNull();
    assertThat(ByteRange.parse("bytes=9-2", 100)).isNull();
  }

  @Test
  void contentRangeNamesTheTotal() {
    assertThat(new ByteRange(0, 9).contentRange(100)).isEqualTo("bytes 0-9/100");
  }
}
