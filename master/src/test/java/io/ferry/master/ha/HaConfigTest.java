package io.ferry.master.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import org.junit.jupiter.api.Test;

class HaConfigTest {
  private static FerryConfiguration.Builder quorum(String self) {
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_ADDRESSES, "h1:1,h2:2,h3:3")
        .set(PropertyKey.MASTER_RAFT_ADDRESSES, "h1:11,h2:12,h3:13")
        .set(PropertyKey.MASTER_HOSTNAME, self.substring(0, self.indexOf(':')))
        .set(PropertyKey.MASTER_RPC_PORT, Integer.parseInt(self.substring(self.indexOf(':') + 1)));
  }

  @Test
  void aMasterFindsItselfInTheListByHostAndPort() {
    HaConfig ha = HaConfig.from(quorum("h2:2").build());

    assertThat(ha.self()).isEqualTo(1);
    assertThat(ha.raftAddresses().get(ha.self())).isEqualTo("h2:12");
  }

  @Test
  void oneAddressIsNotHa() {
    assertThat(HaConfig.enabled(FerryConfiguration.builder().build())).isFalse();
    assertThat(HaConfig.enabled(quorum("h1:1").build())).isTrue();
  }

  @Test
  void aMasterMissingFromTheListIsRefusedNamingItself() {
    assertThatThrownBy(() -> HaConfig.from(quorum("h4:4").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("= h4:4) is not in 'ferry.master.addresses'");
  }

  @Test
  void raftAddressesMustMatchTheMasters() {
    assertThatThrownBy(() -> HaConfig.from(quorum("h1:1").set(PropertyKey.MASTER_RAFT_ADDRESSES, "h1:11").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Configuration key 'ferry.master.raft.addresses' lists 1 addresses but "
            + "'ferry.master.addresses' lists 3");
  }
}
