package io.ferry.client.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.MasterAddresses;
import org.junit.jupiter.api.Test;

class ClientConfigurationsTest {
  private final FerryConfiguration.Builder configured = FerryConfiguration.builder()
      .set(PropertyKey.MASTER_HOSTNAME, "configured-host")
      .set(PropertyKey.MASTER_RPC_PORT, 1234);

  @Test
  void hostAndPortOfTheAuthorityNameTheMaster() throws FerryException {
    FerryConfiguration conf = ClientConfigurations.withAuthority(configured, "master-1:19998").build();

    assertThat(conf.getString(PropertyKey.MASTER_HOSTNAME)).isEqualTo("master-1");
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(19998);
  }

  @Test
  void anAuthorityWithoutPortKeepsTheConfiguredPort() throws FerryException {
    FerryConfiguration conf = ClientConfigurations.withAuthority(configured, "master-1").build();

    assertThat(conf.getString(PropertyKey.MASTER_HOSTNAME)).isEqualTo("master-1");
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(1234);
  }

  @Test
  void anAuthorityListingSeveralMastersNamesTheQuorum() throws FerryException {
    FerryConfiguration conf = ClientConfigurations.withAuthority(configured, "m1:19998,m2:19998,m3:19999").build();

    assertThat(MasterAddresses.of(conf)).containsExactly("m1:19998", "m2:19998", "m3:19999");
  }

  @Test
  void aQuorumEntryWithoutPortIsRefused() {
    assertThatThrownBy(() -> ClientConfigurations.withAuthority(configured, "m1:19998,m2"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("m1:19998,m2");
  }

  @Test
  void oneMasterInTheAuthorityOverridesAConfiguredQuorum() throws FerryException {
    configured.set(PropertyKey.MASTER_ADDRESSES, "m1:1,m2:2,m3:3");

    FerryConfiguration conf = ClientConfigurations.withAuthority(configured, "master-1:19998").build();

    assertThat(MasterAddresses.of(conf)).containsExactly("master-1:19998");
  }

  @Test
  void noAuthorityKeepsTheConfiguredMaster() throws FerryException {
    FerryConfiguration conf = ClientConfigurations.withAuthority(configured, null).build();

    assertThat(conf.getString(PropertyKey.MASTER_HOSTNAME)).isEqualTo("configured-host");
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(1234);
  }

  @Test
  void aMalformedPortIsRefusedNamingTheAuthority() {
    assertThatThrownBy(() -> ClientConfigurations.withAuthority(configured, "master-1:port"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("'port'").hasMessageContaining("master-1:port");
  }

  @Test
  void anAuthorityWithoutHostIsRefused() {
    assertThatThrownBy(() -> ClientConfigurations.withAuthority(configured, ":19998"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("No master host");
  }
}
