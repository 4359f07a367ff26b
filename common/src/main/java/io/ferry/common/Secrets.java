package io.ferry.common;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which mount options are credentials, and their masked form. Credentials
 * stay on the master (and the workers that fetch with them); anything shown
 * to clients or written to logs goes through {@link #mask}.
 */
public final class Secrets {
  public static final String MASK = "******";
  private static final String[] SECRET_MARKERS = {
      "secret", "password", "key", "token", "credential", "connection-string", "sas"};

  private Secrets() {}

  public static boolean isSecret(String optionKey) {
    String k = optionKey.toLowerCase(Locale.ROOT);
    if (k.endsWith("access-key") || k.endsWith("access.key")) {
      return true; // an access key id is not secret by itself, but is masked all the same
    }
    for (String m : SECRET_MARKERS) {
      if (k.contains(m)) {
        return true;
      }
    }
    return false;
  }

  public static Map<String, String> mask(Map<String, String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }
}
