package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.util.Arrays;
import java.util.Locale;

/** How a client proves who it is to the master (ferry.security.authentication.type). */
public enum AuthenticationType {
  /** No identity: every caller may do everything (a laptop). */
  NONE,
  /** The client states its OS user, trusted as stated (HDFS's and Alluxio's default). */
  SIMPLE,
  /** The client presents a signed, expiring token naming its user and groups. */
  TOKEN;

  public static AuthenticationType of(FerryConfiguration conf) {
    String value = conf.getString(PropertyKey.SECURITY_AUTHENTICATION_TYPE).trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_AUTHENTICATION_TYPE + "' is '"
          + value + "'; expected one of " + Arrays.toString(values()));
    }
  }
}
