package io.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockFilesTest {
  @Test
  void nameStartsWithTheBlockIdAndMatchesThePattern() {
    String name = BlockFiles.fileName(BlockIds.of(7, 3), "len=5,mtime=9");

    assertThat(name).startsWith(BlockIds.of(7, 3) + "-");
    assertThat(BlockFiles.NAME.matcher(name).matches()).isTrue();
  }

  @Test
  void sameBlockAndFingerprintGiveTheSameName() {
    assertThat(BlockFiles.fileName(42, "etag-a")).isEqualTo(BlockFiles.fileName(42, "etag-a"));
  }

  @Test
  void anotherFingerprintGivesAnotherName() {
    assertThat(BlockFiles.fileName(42, "etag-a")).isNotEqualTo(BlockFiles.fileName(42, "etag-b"));
  }

  @Test
  void unpersistedBlocksWithAnEmptyFingerprintHaveANameToo() {
    assertThat(BlockFiles.NAME.matcher(BlockFiles.fileName(-5, "")).matches()).isTrue();
  }
}
