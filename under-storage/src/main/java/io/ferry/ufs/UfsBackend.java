package io.ferry.ufs;

/** The kinds of under storage, as mount options and error messages name them. */
public enum UfsBackend {
  LOCAL("file://", null),
  S3("s3://", "s3."),
  AZURE("wasb:// and abfs://", "azure."),
  HDFS("hdfs://", "hdfs.");

  private final String schemes;
  private final String optionPrefix;

  UfsBackend(String schemes, String optionPrefix) {
    this.schemes = schemes;
    this.optionPrefix = optionPrefix;
  }

  /** The URI schemes it serves, for messages: "file://", "wasb:// and abfs://". */
  public String schemes() {
    return schemes;
  }

  /** The prefix of its own mount options, such as "s3."; null if it has none. */
  public String optionPrefix() {
    return optionPrefix;
  }
}
