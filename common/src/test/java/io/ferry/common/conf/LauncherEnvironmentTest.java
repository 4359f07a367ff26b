package io.ferry.common.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launchers' own FERRY_* variables (bin/ferry, bin/ferry-local) reach the
 * daemons they start: each must be a launcher variable or a configuration key,
 * or the daemons refuse to start.
 */
class LauncherEnvironmentTest {
  @Test
  void everyFerryVariableOfTheLauncherIsAcceptedByTheDaemons() throws IOException {
    String launchers =
        Files.readString(Path.of("..", "bin", "ferry")) + Files.readString(Path.of("..", "bin", "ferry-local"));
    Matcher m = Pattern.compile("\\bFERRY_[A-Z0-9_]+").matcher(launchers);
    Properties noSysProps = new Properties();
    while (m.find()) {
      String name = m.group();
      if (!FerryConfiguration.LAUNCHER_ENV.contains(name)) {
        assertThat(PropertyKey.all().values()).as("%s is neither a launcher variable nor a key", name)
            .anyMatch(k -> k.envName().equals(name));
      }
      FerryConfiguration.load(Map.of(name, sampleValue(name)), noSysProps);
    }
  }

  private static String sampleValue(String name) {
    return PropertyKey.all().values().stream().filter(k -> k.envName().equals(name)).findFirst()
        .map(PropertyKey::defaultValue).orElse("x");
  }
}
