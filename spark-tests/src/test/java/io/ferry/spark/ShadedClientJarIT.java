package io.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
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

  @Test
  void theJarHoldsNoCommandLineAndNoUnderStorageSdk() throws Exception {
    Path jar = Path.of(FerryClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> forbidden = List.of("picocli/", "software/amazon/", "com/azure/", "io/ferry/ufs/", "io/ferry/cli/",
        "io/ferry/shaded/software/", "io/ferry/shaded/com/azure/", "io/ferry/shaded/picocli/");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.stream().map(e -> e.getName()).filter(n -> forbidden.stream().anyMatch(n::startsWith)))
          .as("classes of the CLI or of an under-storage SDK in %s", jar)
          .isEmpty();
    }
  }
}
