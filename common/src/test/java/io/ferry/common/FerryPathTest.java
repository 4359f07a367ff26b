package io.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import org.junit.jupiter.api.Test;

class FerryPathTest {
  private static void assertInvalidPath(ThrowingCall call, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
        .hasMessageContaining(messagePart);
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aPathOf4096BytesIsAccepted() throws FerryException {
    String path = ("/" + "p".repeat(127)).repeat(32);

    assertThat(FerryPath.normalize(path)).hasSize(4096);
  }

  @Test
  void aLongerPathIsRefusedWithItsLengthAndOnlyItsStartShown() {
    String path = ("/" + "p".repeat(127)).repeat(32) + "/x";

    assertInvalidPath(() -> FerryPath.normalize(path), "Path too long: 4098 bytes, at most 4096");
    assertThatThrownBy(() -> FerryPath.normalize(path)).message().hasSizeLessThan(300);
  }

  @Test
  void aNameOfMoreThan255BytesIsRefused() {
    assertInvalidPath(() -> FerryPath.normalize("/" + "é".repeat(128)), "File name too long: 256 bytes");
  }

  @Test
  void aNameWithANulByteIsRefused() {
    assertInvalidPath(() -> FerryPath.checkName("a\0b", "/d"), "NUL");
  }

  @Test
  void aNameWithASlashIsRefused() {
    assertInvalidPath(() -> FerryPath.checkName("a/b", "/d"), "Invalid file name 'a/b' to create in /d");
  }
}
