package io.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The host name a worker registers with. */
class AdvertisedHostTest {
  @Test
  void aConfiguredHostNameIsAdvertisedAsItIs() {
    FerryConfiguration conf = FerryConfiguration.builder().set(PropertyKey.WORKER_HOSTNAME, "gpu-node-7").build();
    assertThat(AdvertisedHost.of(conf)).isEqualTo("gpu-node-7");
  }

  @Test
  void withoutAConfiguredHostNameTheMachinesNameIsAdvertised() throws Exception {
    FerryConfiguration conf = FerryConfiguration.builder().build();
    assertThat(AdvertisedHost.of(conf)).isEqualTo(InetAddress.getLocalHost().getHostName());
  }
}
