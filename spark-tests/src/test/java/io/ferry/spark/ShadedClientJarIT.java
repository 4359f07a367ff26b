package io.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import org.junit.jupiter.api.Test;

/** The shaded client jar, alone on an application's class path, keeps its libraries to itself. */
class ShadedClientJarIT {
  private static final String SHADED = "io.ferry.shaded.";

  @Test
  void theClientsGrpcIsRelocatedUnderTheFerryPackage() throws Exception {
    assertThat(Class.forName(SHADED + "io.grpc.ManagedChannel").getProtectionDomain().getCodeSource())
        .isEqualTo(FerryClient.class.getProtectionDomain().getCodeSource());
    assertThatThrownBy(() -> Class.forName("io.grpc.ManagedChannel")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theRelocatedNettyStillLoadsItsNativeEpollTransport() throws Exception {
    Class<?> epoll = Class.forName(SHADED + "io.grpc.netty.shaded.io.netty.channel.epoll.Epoll");

    assertThat(epoll.getMethod("unavailabilityCause").invoke(null)).isNull();
  }
}
