package io.ferry.common.conf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Ferry's configuration: defaults, then conf/ferry-site.properties, then
 * FERRY_* environment variables, then -D system properties. Every value is
 * checked when loaded: an unknown or malformed key fails with a message that
 * names it and where it came from.
 */
public final class FerryConfiguration {
  /** Environment variables of bin/ferry and the CLI; they are not configuration keys. */
  static final Set<String> LAUNCHER_ENV = Set.of("FERRY_HOME", "FERRY_CONF_DIR", "FERRY_JAVA_OPTS",
      "FERRY_STATE_DIR", "FERRY_LOCAL_MEM_DIR", "FERRY_LOCAL_MOUNT", "FERRY_LOCAL_RAFT_PORT",
      "FERRY_LOCAL_MASTER_WEB_PORT", "FERRY_DEBUG", "FERRY_SKIP_BUILD", "FERRY_CLI_DAEMON");

  /** Environment variables that set a key under a shorter name than the key's own. */
  static final Map<String, PropertyKey> ENV_ALIASES = Map.of("FERRY_TOKEN", PropertyKey.SECURITY_TOKEN);

  private final Map<PropertyKey, Object> values;

  private FerryConfiguration(Map<PropertyKey, Object> values) {
    this.values = values;
  }

  /** Loads from the site file, the environment and system properties. */
  public static FerryConfiguration load() {
    return load(System.getenv(), System.getProperties());
  }

  /** Loads from the site file, {@code env}'s FERRY_* variables and {@code sysProps}' ferry.* properties. */
  public static FerryConfiguration load(Map<String, String> env, Properties sysProps) {
    Builder b = builder();
    String confDir = sysProps.getProperty(PropertyKey.CONF_DIR.name(),
        env.getOrDefault("FERRY_CONF_DIR", PropertyKey.CONF_DIR.defaultValue()));
    Path site = Paths.get(confDir, "ferry-site.properties");
    if (Files.isRegularFile(site)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(site, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigurationException("Cannot read " + site + ": " + e.getMessage());
      }
      for (String name : p.stringPropertyNames()) {
        b.set(name, p.getProperty(name), site.toString());
      }
    }
    Map<String, PropertyKey> byEnv = new HashMap<>();
    PropertyKey.all().values().forEach(k -> byEnv.put(k.envName(), k));
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith("FERRY_") || LAUNCHER_ENV.contains(e.getKey())) {
        continue;
      }
      PropertyKey key = ENV_ALIASES.getOrDefault(e.getKey(), byEnv.get(e.getKey()));
      if (key == null) {
        throw new ConfigurationException("Unknown configuration environment variable " + e.getKey()
            + " (no key ferry." + e.getKey().substring(6).toLowerCase().replace('_', '.') + ")");
      }
      b.set(key.name(), e.getValue(), "environment variable " + e.getKey());
    }
    for (String name : sysProps.stringPropertyNames()) {
      if (name.startsWith("ferry.")) {
        b.set(name, sysProps.getProperty(name), "-D" + name);
      }
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with some keys changed. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  private Object get(PropertyKey key) {
    Object v = values.get(key);
    return v != null ? v : key.type().parse(key.defaultValue());
  }

  public String getString(PropertyKey key) {
    return (String) get(key);
  }

  public int getInt(PropertyKey key) {
    return (Integer) get(key);
  }

  public boolean getBoolean(PropertyKey key) {
    return (Boolean) get(key);
  }

  public long getBytes(PropertyKey key) {
    return (Long) get(key);
  }

  public Duration getDuration(PropertyKey key) {
    return (Duration) get(key);
  }

  /** Accumulates values, checking each against its key. */
  public static final class Builder {
    private final Map<PropertyKey, Object> values = new HashMap<>();

    private Builder() {}

    public Builder set(PropertyKey key, Object value) {
      return set(key.name(), String.valueOf(value), "a program setting");
    }

    public Builder set(String name, String raw, String source) {
      PropertyKey key = PropertyKey.forName(name);
      if (key == null) {
        throw new ConfigurationException("Unknown configuration key '" + name + "' in " + source);
      }
      try {
        values.put(key, key.type().parse(raw));
      } catch (RuntimeException e) {
        throw new ConfigurationException("Malformed value '" + raw + "' for configuration key '" + name
            + "' in " + source + ": " + (e.getMessage() == null ? "expected " + key.type() : e.getMessage()));
      }
      return this;
    }

    public FerryConfiguration build() {
      return new FerryConfiguration(Map.copyOf(values));
    }
  }
}
