package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {
  private final LocalAddresses local = new LocalAddresses();

  @Test
  void loopbackNamesAreLocal() {
    assertThat(local.isLocal("localhost")).isTrue();
    assertThat(local.isLocal("127.0.0.1")).isTrue();
  }

  @Test
  void thisMachinesHostNameIsLocal() throws Exception {
    assertThat(local.isLocal(InetAddress.getLocalHost().getHostName())).isTrue();
  }

  @Test
  void anInterfaceAddressIsLocal() throws Exception {
    InetAddress address = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst()
        .orElse(InetAddress.getLoopbackAddress());
    assertThat(local.isLocal(address.getHostAddress())).isTrue();
  }

  @Test
  void anotherMachinesAddressIsNotLocal() {
    assertThat(local.isLocal("203.0.113.7")).isFalse(); // TEST-NET-3, never assigned
  }

  @Test
  void anUnresolvableHostIsNotLocal() {
    assertThat(local.isLocal("no-such-host.invalid")).isFalse();
  }
}
