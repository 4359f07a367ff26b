package io.ferry.client.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathIsDirectoryException;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.security.AccessControlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HadoopExceptionsTest {
  private static IOException mapped(ErrorCode code) {
    return HadoopExceptions.of(new FerryException(code, "what is wrong with /d/f"), "/d/f");
  }

  @Test
  void notFoundIsFileNotFoundWithFerrysMessage() {
    IOException e = mapped(ErrorCode.NOT_FOUND);

    assertThat(e).isInstanceOf(FileNotFoundException.class).hasMessage("what is wrong with /d/f");
    assertThat(e.getCause()).isInstanceOf(FerryException.class);
  }

  @Test
  void alreadyExistsIsFileAlreadyExists() {
    assertThat(mapped(ErrorCode.ALREADY_EXISTS)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void notADirectoryIsParentNotDirectory() {
    assertThat(mapped(ErrorCode.NOT_A_DIRECTORY)).isInstanceOf(ParentNotDirectoryException.class);
  }

  @Test
  void directoryNotEmptyIsPathIsNotEmptyDirectoryNamingThePath() {
    assertThat(mapped(ErrorCode.DIRECTORY_NOT_EMPTY)).isInstanceOf(PathIsNotEmptyDirectoryException.class)
        .hasMessageContaining("/d/f");
  }

  @Test
  void isADirectoryIsPathIsDirectory() {
    assertThat(mapped(ErrorCode.IS_A_DIRECTORY)).isInstanceOf(PathIsDirectoryException.class);
  }

  @Test
  void permissionDeniedIsAccessControl() {
    assertThat(mapped(ErrorCode.PERMISSION_DENIED)).isInstanceOf(AccessControlException.class);
  }

  @ParameterizedTest
  @CsvSource({"UNAVAILABLE", "INVALID_ARGUMENT", "UFS_ERROR", "DATA_LOST"})
  void otherErrorsStayFerryExceptions(ErrorCode code) {
    assertThat(mapped(code)).isInstanceOf(FerryException.class);
  }
}
