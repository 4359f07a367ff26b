package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import org.junit.jupiter.api.Test;

class WorkerAddressesTest {
  private static void assertRefused(String host, int rpcPort, int dataPort, String messagePart) {
    assertThatThrownBy(() -> WorkerAddresses.check(host, rpcPort, dataPort))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code())
            .isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(messagePart);
  }

  @Test
  void aHostNameAnIpAndPortsInRangeAreAccepted() {
    assertThatCode(() -> WorkerAddresses.check("worker-1.example.com", 29999, 0)).doesNotThrowAnyException();
    assertThatCode(() -> WorkerAddresses.check("10.0.0.7", 1, 65535)).doesNotThrowAnyException();
  }

  @Test
  void anEmptyHostIsRefused() {
    assertRefused("", 29999, 0, "Invalid worker host name ''");
  }

  @Test
  void aHostWithSpacesOrControlCharactersIsRefused() {
    assertRefused("a b\0", 29999, 0, "Invalid worker host name");
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingIt() {
    assertRefused("h", 70000, 0, "RPC port 70000");
    assertRefused("h", 29999, -5, "data port -5");
  }
}
