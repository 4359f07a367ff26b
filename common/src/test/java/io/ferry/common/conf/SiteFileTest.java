package io.ferry.common.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** conf/ferry-site.properties is the documentation of every key: it must stay complete. */
class SiteFileTest {
  @Test
  void siteFileListsEveryKeyWithItsDefault() throws IOException {
    String site = Files.readString(Path.of("..", "conf", "ferry-site.properties"));
    for (PropertyKey key : PropertyKey.all().values()) {
      assertThat(site).as("conf/ferry-site.properties entry for %s", key)
          .contains("#" + key.name() + "=" + key.defaultValue());
    }
  }
}
