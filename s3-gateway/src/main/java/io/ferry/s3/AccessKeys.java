package io.ferry.s3;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The S3 endpoint's access keys ({@code ferry.s3.credentials.file}): a
 * properties file of {@code ACCESS_KEY_ID=SECRET_ACCESS_KEY} lines.
 */
public final class AccessKeys {
  private final Map<String, String> secrets;

  public AccessKeys(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  public static AccessKeys none() {
    return new AccessKeys(Map.of());
  }

  public static AccessKeys load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> secrets = new HashMap<>();
    properties.stringPropertyNames().forEach(id -> secrets.put(id.trim(), properties.getProperty(id).trim()));
    return new AccessKeys(secrets);
  }

  public Optional<String> secretOf(String accessKeyId) {
    return Optional.ofNullable(secrets.get(accessKeyId));
  }
}
