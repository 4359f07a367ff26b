package io.ferry.common.conf;

/** A configuration key that is unknown or whose value does not parse; the message names it. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }
}
