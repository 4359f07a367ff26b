package io.ferry.master.mount;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UfsUrisTest {
  @Test
  void plainPathsAndFileUrisOfTheSameDirectoryAreEqual() throws Exception {
    assertThat(UfsUris.normalize("/x/y/")).isEqualTo(UfsUris.normalize("file:///x/./y"));
    assertThat(UfsUris.normalize("file:/x/y")).isEqualTo("file:///x/y");
  }

  @Test
  void siblingWithACommonNamePrefixIsNotInside() throws Exception {
    assertThat(UfsUris.isSameOrUnder(UfsUris.normalize("/data2"), UfsUris.normalize("/data"))).isFalse();
    assertThat(UfsUris.isSameOrUnder(UfsUris.normalize("/data/2"), UfsUris.normalize("/data"))).isTrue();
  }

  @Test
  void bucketsAreComparedWithTheirPrefixes() throws Exception {
    assertThat(UfsUris.isSameOrUnder(UfsUris.normalize("s3://b/p/q"), UfsUris.normalize("s3://b/p/"))).isTrue();
    assertThat(UfsUris.isSameOrUnder(UfsUris.normalize("s3://other/p"), UfsUris.normalize("s3://b/"))).isFalse();
  }
}
