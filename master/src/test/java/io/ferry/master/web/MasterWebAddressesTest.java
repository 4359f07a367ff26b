package io.ferry.master.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import org.junit.jupiter.api.Test;

class MasterWebAddressesTest {
  private static FerryConfiguration.Builder quorum() {
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_ADDRESSES, "h1:19998,h2:19998,h3:19998")
        .set(PropertyKey.MASTER_WEB_PORT, 19999);
  }

  @Test
  void aMasterOnAHostOfItsOwnServesItsWebUiOnThisMastersWebPort() {
    MasterWebAddresses web = MasterWebAddresses.from(quorum().build());

    assertThat(web.webOf("h2:19998")).isEqualTo("h2:19999");
  }

  @Test
  void configuredWebAddressesGoByThePositionOfTheRpcAddress() {
    MasterWebAddresses web = MasterWebAddresses.from(
        quorum().set(PropertyKey.MASTER_WEB_ADDRESSES, "h1:8001,h2:8002,h3:8003").build());

    assertThat(web.webOf("h3:19998")).isEqualTo("h3:8003");
  }

  @Test
  void webAddressesOfAnotherNumberOfMastersAreRefused() {
    assertThatThrownBy(() -> MasterWebAddresses.from(
        quorum().set(PropertyKey.MASTER_WEB_ADDRESSES, "h1:8001,h2:8002").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.master.web.addresses' lists 2 addresses but 'ferry.master.addresses' lists 3");
  }
}
