package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseSettingsTest {
  private static FuseSettings settings(String pageCache) {
    return new FuseSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMillis(1500),
        Duration.ofSeconds(2), pageCache, 131072);
  }

  @Test
  void mountOptionsCarryBigWritesTimeoutsAndThePageCachePolicy() {
    assertThat(settings("auto_cache").mountOptions(List.of()))
        .contains("big_writes", "atomic_o_trunc", "max_read=131072", "entry_timeout=1.5", "attr_timeout=2.0",
            "default_permissions", "auto_cache");
  }

  @Test
  void noPageCacheMeansDirectIo() {
    assertThat(settings("none").mountOptions(List.of())).contains("direct_io").doesNotContain("kernel_cache");
  }

  @Test
  void commandLineOptionsComeLastSoTheyOverride() {
    assertThat(settings("kernel_cache").mountOptions(List.of("ro", "attr_timeout=0"))).endsWith("ro", "attr_timeout=0");
  }

  @Test
  void unknownPageCachePolicyIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> settings("sometimes").mountOptions(List.of()))
        .hasMessageContaining("ferry.fuse.page.cache").hasMessageContaining("sometimes");
  }
}
