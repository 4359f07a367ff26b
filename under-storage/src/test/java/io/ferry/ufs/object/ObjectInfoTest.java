package io.ferry.ufs.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectInfoTest {
  @Test
  void objectWithAnEtagIsVersionedByIt() {
    assertThat(new ObjectInfo("k", 10, 1000, "\"abc\"").etag()).isEqualTo("\"abc\"");
  }

  @Test
  void objectWithoutAnEtagStillHasAVersion() {
    assertThat(new ObjectInfo("k", 10, 1000, null).etag()).isNotEmpty();
    assertThat(new ObjectInfo("k", 10, 1000, "").etag()).isNotEmpty();
  }

  @Test
  void versionOfAnObjectWithoutAnEtagChangesWithItsLengthOrTime() {
    String version = ObjectInfo.versionOf(null, 10, 1000);

    assertThat(ObjectInfo.versionOf(null, 10, 1000)).isEqualTo(version);
    assertThat(ObjectInfo.versionOf(null, 11, 1000)).isNotEqualTo(version);
    assertThat(ObjectInfo.versionOf(null, 10, 1001)).isNotEqualTo(version);
  }
}
