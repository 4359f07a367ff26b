package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
  @Test
  void aMissingLocalFileIsNamedWithWhatIsWrong() {
    assertThat(ErrorMessages.of(new NoSuchFileException("/dev/shm/x/y")))
        .isEqualTo("No such file or directory: /dev/shm/x/y");
  }

  @Test
  void aLocalFileFailureWrappedUncheckedIsNamedTheSameWay() {
    assertThat(ErrorMessages.of(new UncheckedIOException(new AccessDeniedException("/root/f"))))
        .isEqualTo("Permission denied: /root/f");
  }

  @Test
  void aLocalFileFailureWithAReasonKeepsTheReason() {
    assertThat(ErrorMessages.of(new FileSystemException("/a", null, "Read-only file system")))
        .isEqualTo("/a: Read-only file system");
  }

  @Test
  void anIoFailureIsItsMessage() {
    assertThat(ErrorMessages.of(new IOException("master at h:1 did not answer")))
        .isEqualTo("master at h:1 did not answer");
  }
}
