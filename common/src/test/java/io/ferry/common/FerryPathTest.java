package io.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import org.junit.jupiter.api.Test;

class FerryPathTest {
  private static void assertInvalidPath(ThrowingCall call, String messagePart) {
    assertFails(ErrorCode.INVALID_PATH, call, messagePart);
  }

  private static void assertTooLong(ThrowingCall call, String messagePart) {
    assertFails(ErrorCode.NAME_TOO_LONG, call, messagePart);
  }

  private static void assertFails(ErrorCode code, ThrowingCall call, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(code))
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

    assertTooLong(() -> FerryPath.normalize(path), "Path too long: 4098 bytes, at most 4096");
    assertThatThrownBy(() -> FerryPath.normalize(path)).message().hasSizeLessThan(300);
  }

  @Test
  void aNameOfMoreThan255BytesIsRefused() {
    assertTooLong(() -> FerryPath.normalize("/" + "é".repeat(128)), "File name too long: 256 bytes");
  }

  @Test
  void aNameOfMoreThan255BytesToCreateIsRefused() {
    assertTooLong(() -> FerryPath.checkName("n".repeat(256), "/d"), "File name too long: 256 bytes");
  }

  @Test
  void aPathOf1000LevelsIsAccepted() throws FerryException {
    assertThat(FerryPath.components(FerryPath.normalize("/d".repeat(1000)))).hasSize(1000);
  }

  @Test
  void aDeeperPathIsRefusedWithItsDepth() {
    assertTooLong(() -> FerryPath.normalize("/d".repeat(1001)), "Path too deep: 1001 levels, at most 1000");
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
