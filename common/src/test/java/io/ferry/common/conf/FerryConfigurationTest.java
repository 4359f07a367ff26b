package io.ferry.common.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryConfigurationTest {
  @TempDir Path confDir;

  private Properties sysProps(String... kv) {
    Properties p = new Properties();
    p.setProperty("ferry.conf.dir", confDir.toString());
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private void writeSite(String content) throws IOException {
    Files.writeString(confDir.resolve("ferry-site.properties"), content);
  }

  @Test
  void unsetKeysHaveTheirDefaults() {
    FerryConfiguration conf = FerryConfiguration.load(Map.of(), sysProps());
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(19998);
    assertThat(conf.getBytes(PropertyKey.USER_BLOCK_SIZE)).isEqualTo(64L << 20);
    assertThat(conf.getDuration(PropertyKey.WORKER_HEARTBEAT_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void siteFileOverridesDefaults() throws IOException {
    writeSite("ferry.master.rpc.port=20000\n");
    assertThat(FerryConfiguration.load(Map.of(), sysProps()).getInt(PropertyKey.MASTER_RPC_PORT))
        .isEqualTo(20000);
  }

  @Test
  void environmentOverridesSiteFile() throws IOException {
    writeSite("ferry.master.rpc.port=20000\n");
    FerryConfiguration conf = FerryConfiguration.load(Map.of("FERRY_MASTER_RPC_PORT", "20001"), sysProps());
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(20001);
  }

  @Test
  void systemPropertyOverridesEnvironment() {
    FerryConfiguration conf = FerryConfiguration.load(Map.of("FERRY_MASTER_RPC_PORT", "20001"),
        sysProps("ferry.master.rpc.port", "20002"));
    assertThat(conf.getInt(PropertyKey.MASTER_RPC_PORT)).isEqualTo(20002);
  }

  @Test
  void unknownKeyInSiteFileFailsNamingKeyAndFile() throws IOException {
    writeSite("ferry.master.rpc.prot=20000\n");
    assertThatThrownBy(() -> FerryConfiguration.load(Map.of(), sysProps()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.master.rpc.prot")
        .hasMessageContaining("ferry-site.properties");
  }

  @Test
  void unknownSystemPropertyFailsNamingIt() {
    assertThatThrownBy(() -> FerryConfiguration.load(Map.of(), sysProps("ferry.worker.mem.dri", "/x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.worker.mem.dri");
  }

  @Test
  void unknownEnvironmentVariableFailsNamingIt() {
    assertThatThrownBy(() -> FerryConfiguration.load(Map.of("FERRY_MASTR_RPC_PORT", "1"), sysProps()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("FERRY_MASTR_RPC_PORT");
  }

  @Test
  void ferryTokenInTheEnvironmentIsTheClientsToken() {
    FerryConfiguration conf = FerryConfiguration.load(Map.of("FERRY_TOKEN", "ferry1.a.b"), sysProps());

    assertThat(conf.getString(PropertyKey.SECURITY_TOKEN)).isEqualTo("ferry1.a.b");
  }

  @Test
  void launcherEnvironmentVariablesAreNotKeys() {
    FerryConfiguration.load(Map.of("FERRY_HOME", "/opt/ferry"), sysProps());
  }

  @Test
  void malformedValueFailsNamingKeyAndValue() {
    assertThatThrownBy(() -> FerryConfiguration.load(Map.of(), sysProps("ferry.master.rpc.port", "many")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.master.rpc.port")
        .hasMessageContaining("many")
        .hasMessageContaining("integer");
  }

  @Test
  void byteSizesAndDurationsParseWithUnits() {
    assertThat(PropertyType.parseBytes("64MiB")).isEqualTo(64L << 20);
    assertThat(PropertyType.parseBytes("1g")).isEqualTo(1L << 30);
    assertThat(PropertyType.parseBytes("4096")).isEqualTo(4096);
    assertThat(PropertyType.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(PropertyType.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(PropertyType.parseDuration("0")).isEqualTo(Duration.ZERO);
  }
}
