package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import org.junit.jupiter.api.Test;

class MasterAddressesTest {
  @Test
  void withoutAListTheOneMasterIsTheHostAndPort() {
    FerryConfiguration conf = FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "m").set(PropertyKey.MASTER_RPC_PORT, 1234).build();

    assertThat(MasterAddresses.of(conf)).containsExactly("m:1234");
  }

  @Test
  void aCommaSeparatedListGivesEveryMasterInOrder() {
    FerryConfiguration conf = FerryConfiguration.builder()
        .set(PropertyKey.MASTER_ADDRESSES, "h1:1, h2:2,h3:3").build();

    assertThat(MasterAddresses.of(conf)).containsExactly("h1:1", "h2:2", "h3:3");
  }

  @Test
  void anAddressWithoutAPortIsRefusedNamingIt() {
    assertThatThrownBy(() -> MasterAddresses.parse(PropertyKey.MASTER_ADDRESSES, "h1:1,h2"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Configuration key 'ferry.master.addresses' has 'h2'; each address must be host:port");
  }

  @Test
  void aRepeatedAddressIsRefused() {
    assertThatThrownBy(() -> MasterAddresses.parse(PropertyKey.MASTER_ADDRESSES, "h1:1,h1:1"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("lists h1:1 twice");
  }
}
