package io.ferry.ufs;

import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.FerryException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A mount option with its type, default and description, and the backend it
 * applies to (none: Ferry's own, read by the master for every mount). Every
 * option a mount accepts is declared here, as configuration keys are in
 * {@link io.ferry.common.conf.PropertyKey}; {@link #check} refuses any other
 * at mount time. A family ({@code hadoop.}) stands for every key with its prefix.
 */
public final class MountOption {
  private static final Map<String, MountOption> OPTIONS = new LinkedHashMap<>();

  // ---- Ferry's own, for every backend ----
  public static final MountOption SYNC_INTERVAL = define("sync.interval", PropertyType.DURATION, null, null,
      "How long metadata loaded from the under storage is trusted before it is re-checked on access "
          + "(default: ferry.master.ufs.sync.interval; 0 re-checks every access).");
  public static final MountOption BLOCK_SIZE = define("block.size", PropertyType.BYTES, null, null,
      "Block size of files created below the mount (default: ferry.user.block.size).");
  public static final MountOption REPLICATION = define("replication", PropertyType.INT, "1", null,
      "How many workers cache each block of the mount's files (1-16).");
  public static final MountOption TTL = define("ttl", PropertyType.DURATION, null, null,
      "A time to live for each file below the mount, from when Ferry loads or creates it (see ferry fs setTtl).");
  public static final MountOption TTL_ACTION = define("ttl.action", PropertyType.STRING, "free", null,
      "What happens when a file's ttl ends: free (drop its cached copies) or delete (in the under storage too).");
  public static final MountOption WRITE_TYPE = define("write.type", PropertyType.STRING, null, null,
      "Write type of files created below the mount when the writer names none: CACHE_THROUGH, THROUGH, "
          + "MUST_CACHE or ASYNC_THROUGH (default: the writer's ferry.user.write.type).");

  // ---- S3 ----
  public static final MountOption S3_ENDPOINT = define("s3.endpoint", PropertyType.STRING, null, UfsBackend.S3,
      "An S3-compatible server, e.g. http://127.0.0.1:9000 (default: AWS).");
  public static final MountOption S3_REGION = define("s3.region", PropertyType.STRING, "us-east-1", UfsBackend.S3,
      "The bucket's region.");
  public static final MountOption S3_PATH_STYLE = define("s3.path-style", PropertyType.BOOLEAN, "false",
      UfsBackend.S3, "Path-style addressing; most S3-compatible servers want true.");
  public static final MountOption S3_ACCESS_KEY = define("s3.access-key", PropertyType.STRING, null, UfsBackend.S3,
      "Access key id; with s3.secret-key (both or neither; neither: the AWS SDK's default credential chain).");
  public static final MountOption S3_SECRET_KEY = define("s3.secret-key", PropertyType.STRING, null, UfsBackend.S3,
      "Secret access key; with s3.access-key.");
  public static final MountOption S3_CONNECT_TIMEOUT = define("s3.connect-timeout", PropertyType.DURATION, "10s",
      UfsBackend.S3, "Bound on connecting to the endpoint.");
  public static final MountOption S3_REQUEST_TIMEOUT = define("s3.request-timeout", PropertyType.DURATION, "60s",
      UfsBackend.S3, "Bound on one attempt of a request.");
  public static final MountOption S3_MAX_RETRIES = define("s3.max-retries", PropertyType.INT, "3", UfsBackend.S3,
      "Retries of throttled and 5xx answers, with backoff.");
  public static final MountOption S3_PART_SIZE = define("s3.part-size", PropertyType.BYTES, "8m", UfsBackend.S3,
      "Part size of multipart uploads (5m to 1g).");

  // ---- Azure Blob ----
  public static final MountOption AZURE_ENDPOINT = define("azure.endpoint", PropertyType.STRING, null,
      UfsBackend.AZURE, "The Blob service, e.g. http://127.0.0.1:10000/devstoreaccount1 for Azurite "
          + "(default: https://ACCOUNT.blob.core.windows.net).");
  public static final MountOption AZURE_ACCOUNT = define("azure.account", PropertyType.STRING, null,
      UfsBackend.AZURE, "The storage account (default: the one in the URI).");
  public static final MountOption AZURE_KEY = define("azure.key", PropertyType.STRING, null, UfsBackend.AZURE,
      "A shared key of the account.");
  public static final MountOption AZURE_SAS_TOKEN = define("azure.sas-token", PropertyType.STRING, null,
      UfsBackend.AZURE, "A SAS token; wins over azure.key.");
  public static final MountOption AZURE_CONNECTION_STRING = define("azure.connection-string", PropertyType.STRING,
      null, UfsBackend.AZURE, "A connection string, which also names the endpoint; wins over the other "
          + "credentials (none at all: anonymous access).");
  public static final MountOption AZURE_CONNECT_TIMEOUT = define("azure.connect-timeout", PropertyType.DURATION,
      "10s", UfsBackend.AZURE, "Bound on connecting to the endpoint.");
  public static final MountOption AZURE_REQUEST_TIMEOUT = define("azure.request-timeout", PropertyType.DURATION,
      "60s", UfsBackend.AZURE, "Bound on one try of a request.");
  public static final MountOption AZURE_MAX_RETRIES = define("azure.max-retries", PropertyType.INT, "3",
      UfsBackend.AZURE, "Retries, with exponential backoff.");
  public static final MountOption AZURE_BLOCK_SIZE = define("azure.block-size", PropertyType.BYTES, "8m",
      UfsBackend.AZURE, "Size of the blocks a blob is uploaded in (1m to 1g).");

  // ---- HDFS ----
  public static final MountOption HDFS_CONF_DIR = define("hdfs.conf-dir", PropertyType.STRING, null,
      UfsBackend.HDFS, "A directory whose core-site.xml and hdfs-site.xml are read.");
  public static final MountOption HADOOP = define("hadoop.", PropertyType.STRING, null, UfsBackend.HDFS,
      "hadoop.KEY=VALUE sets Hadoop's configuration key KEY (over the site files).");

  private final String name;
  private final PropertyType type;
  private final String defaultValue;
  private final UfsBackend backend;
  private final String description;

  private MountOption(String name, PropertyType type, String defaultValue, UfsBackend backend, String description) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.backend = backend;
    this.description = description;
  }

  private static MountOption define(String name, PropertyType type, String defaultValue, UfsBackend backend,
      String description) {
    MountOption option = new MountOption(name, type, defaultValue, backend, description);
    if (defaultValue != null) {
      type.parse(defaultValue); // a bad default is a bug: fail at class load
    }
    OPTIONS.put(name, option);
    return option;
  }

  /** The option of a key: its own, or the family its prefix names; empty if none. */
  public static Optional<MountOption> forKey(String key) {
    MountOption exact = OPTIONS.get(key);
    if (exact != null && !exact.isFamily()) {
      return Optional.of(exact);
    }
    return OPTIONS.values().stream()
        .filter(o -> o.isFamily() && key.startsWith(o.name) && key.length() > o.name.length())
        .findFirst();
  }

  public static Map<String, MountOption> all() {
    return Collections.unmodifiableMap(OPTIONS);
  }

  /**
   * Refuses, with INVALID_ARGUMENT naming it, any option that is not
   * declared here or that belongs to another backend than {@code backend}'s.
   */
  public static void check(UfsBackend backend, Map<String, String> options) throws FerryException {
    for (String key : options.keySet().stream().sorted().toList()) {
      Optional<MountOption> option = forKey(key);
      if (option.isEmpty()) {
        throw FerryException.invalidArgument("Unknown mount option " + key + "; the options of "
            + backend.schemes() + " mounts are " + namesFor(backend));
      }
      if (!option.get().appliesTo(backend)) {
        throw FerryException.invalidArgument("Mount option " + key + " does not apply to " + backend.schemes()
            + " mounts (it is for " + option.get().backend.schemes() + " mounts)");
      }
    }
  }

  private static String namesFor(UfsBackend backend) {
    return OPTIONS.values().stream().filter(o -> o.appliesTo(backend))
        .map(o -> o.isFamily() ? o.name + "*" : o.name).collect(Collectors.joining(", "));
  }

  public boolean appliesTo(UfsBackend b) {
    return backend == null || backend == b;
  }

  /** A family of keys (its name ends with '.'), such as hadoop.KEY. */
  public boolean isFamily() {
    return name.endsWith(".");
  }

  public String name() {
    return name;
  }

  public PropertyType type() {
    return type;
  }

  /** The value when the option is not given; empty where there is none (the description says what happens). */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The backend it applies to; empty for Ferry's own options, which apply to every backend. */
  public Optional<UfsBackend> backend() {
    return Optional.ofNullable(backend);
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return name;
  }
}
