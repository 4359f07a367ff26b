package io.ferry.common.conf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A typed configuration key with its default and description. Every key
 * Ferry reads is declared here; conf/ferry-site.properties lists them all.
 */
public final class PropertyKey {
  private static final Map<String, PropertyKey> KEYS = new LinkedHashMap<>();

  // ---- General ----
  public static final PropertyKey CONF_DIR = define("ferry.conf.dir", PropertyType.STRING, "conf",
      "Directory holding ferry-site.properties.");
  public static final PropertyKey METRICS_ENABLED = define("ferry.metrics.enabled", PropertyType.BOOLEAN, "true",
      "Whether the process records metrics: RPC, FUSE and under storage counts and latencies, the requests in flight "
          + "(and the stuck-request log), the bytes a client read by source. false records none (no per-call work) "
          + "and /metrics answers 404 saying so; /healthz, /readyz and the web UI still answer.");

  // ---- Master ----
  public static final PropertyKey MASTER_HOSTNAME = define("ferry.master.hostname", PropertyType.STRING,
      "localhost", "Host name clients and workers use to reach the master.");
  public static final PropertyKey MASTER_BIND_HOST = define("ferry.master.bind.host", PropertyType.STRING,
      "0.0.0.0", "Address the master's RPC server binds to.");
  public static final PropertyKey MASTER_RPC_PORT = define("ferry.master.rpc.port", PropertyType.INT,
      "19998", "The master's RPC port (clients and workers).");
  public static final PropertyKey MASTER_WEB_PORT = define("ferry.master.web.port", PropertyType.INT,
      "19999", "The master's web port: the web UI, its JSON API (/api/), /metrics (Prometheus), /healthz, /readyz. "
          + "0 turns it off.");
  public static final PropertyKey MASTER_SLOW_REQUEST_THRESHOLD = define("ferry.master.slow.request.threshold",
      PropertyType.DURATION, "30s", "An RPC the master still answers after this long is logged once, while it "
          + "runs, and counted in ferry_rpc_slow_requests_total.");
  public static final PropertyKey MASTER_METASTORE_DIR = define("ferry.master.metastore.dir",
      PropertyType.STRING, "data/master", "Directory of the master's RocksDB metastore.");
  public static final PropertyKey MASTER_INODE_CACHE_SIZE = define("ferry.master.inode.cache.size",
      PropertyType.INT, "200000", "Entries of each of the master's in-heap caches in front of RocksDB "
          + "(inodes, directory entries, entries of listed directories' first pages).");
  public static final PropertyKey MASTER_ROOT_UFS = define("ferry.master.mount.root.ufs", PropertyType.STRING,
      "data/underfs", "Under storage mounted at '/' (a local directory or a UFS URI).");
  public static final PropertyKey MASTER_WORKER_TIMEOUT = define("ferry.master.worker.timeout",
      PropertyType.DURATION, "30s", "A worker silent for this long is declared lost.");
  public static final PropertyKey MASTER_REPLICATION_CHECK_INTERVAL = define(
      "ferry.master.replication.check.interval", PropertyType.DURATION, "5s",
      "How often the master copies under-replicated cached blocks between workers and trims extra copies.");
  public static final PropertyKey MASTER_UFS_SYNC_INTERVAL = define("ferry.master.ufs.sync.interval",
      PropertyType.DURATION, "60s",
      "Default interval after which metadata loaded from the UFS is re-checked on access "
          + "(per mount: option sync.interval). 0 re-checks on every access.");
  public static final PropertyKey MASTER_CACHE_ONLY_REPORT_WAIT = define("ferry.master.cache.only.report.wait",
      PropertyType.DURATION, "10s", "Longest the completion of a file whose bytes exist only in the cache "
          + "(MUST_CACHE, ASYNC_THROUGH) waits for the workers to report its blocks, so that a reader right after "
          + "the close finds them; 0 answers at once.");
  public static final PropertyKey MASTER_UFS_CHECK_TIMEOUT = define("ferry.master.ufs.check.timeout",
      PropertyType.DURATION, "20s", "Most time the master waits for the under storage when it checks the root of "
          + "a new mount, retries included; the check runs before any namespace lock is taken. Keep it below "
          + "ferry.user.rpc.timeout, or clients give up first.");
  public static final PropertyKey MASTER_TTL_CHECK_INTERVAL = define("ferry.master.ttl.check.interval",
      PropertyType.DURATION, "10s", "How often the leading master looks for times to live that ended "
          + "(`ferry fs setTtl`) and frees or deletes what they were set on.");
  public static final PropertyKey MASTER_REQUEST_ID_RETENTION = define("ferry.master.request.id.retention",
      PropertyType.DURATION, "10m", "How long the master remembers the id of an applied mutation, so that a "
          + "client's retry of it gets its first answer; longer than any client's ferry.user.master.failover.timeout.");
  public static final PropertyKey MASTER_PERSIST_CHECK_INTERVAL = define("ferry.master.persist.check.interval",
      PropertyType.DURATION, "1s", "How often the leading master starts the persist jobs of files written "
          + "ASYNC_THROUGH (or asked for by `ferry fs persist`) that wait for one.");
  public static final PropertyKey MASTER_PERSIST_INITIAL_WAIT = define("ferry.master.persist.initial.wait",
      PropertyType.DURATION, "0s", "How long after its completion a file written ASYNC_THROUGH waits before its "
          + "persist job starts (a file deleted or overwritten meanwhile is never written to the under storage).");
  public static final PropertyKey MASTER_FILE_LEASE_TIMEOUT = define("ferry.master.file.lease.timeout",
      PropertyType.DURATION, "10m", "A file left incomplete whose writer no worker has reported for this long is "
          + "recovered: completed from its under-storage copy if it has one, removed otherwise, with the temporary "
          + "files its writes left in the under storage.");
  public static final PropertyKey MASTER_LISTING_PAGE_SIZE = define("ferry.master.listing.page.size",
      PropertyType.INT, "1000", "Entries per page of a streamed directory listing.");
  public static final PropertyKey MASTER_LOAD_PAGE_FILES = define("ferry.master.load.page.files",
      PropertyType.INT, "1000", "Files a load job lists and loads in one step: each worker gets the blocks of a "
          + "step placed on it in one LoadBlocks call (small files are batched). Progress moves in such steps.");
  public static final PropertyKey MASTER_LOAD_BATCH_BLOCKS = define("ferry.master.load.batch.blocks",
      PropertyType.INT, "1000", "Most blocks a load job sends a worker in one LoadBlocks call.");
  public static final PropertyKey MASTER_LOAD_BATCH_TIMEOUT = define("ferry.master.load.batch.timeout",
      PropertyType.DURATION, "10m", "Deadline of one LoadBlocks call; a worker that misses it counts as failed "
          + "for the job and its share goes to the other workers.");
  public static final PropertyKey MASTER_LOAD_RETRIES = define("ferry.master.load.retries", PropertyType.INT,
      "3", "Times a load job retries a file that failed before it reports it as failed.");
  public static final PropertyKey MASTER_LOAD_RETRY_BACKOFF = define("ferry.master.load.retry.backoff",
      PropertyType.DURATION, "1s", "Wait before a load job's first retry of failed files; doubled at each retry.");
  public static final PropertyKey MASTER_LOAD_RESUME_DELAY = define("ferry.master.load.resume.delay",
      PropertyType.DURATION, "10s", "After a master start, how long unfinished load jobs wait for workers to "
          + "register again before they resume (so blocks go to the workers that already cache them).");

  public static final PropertyKey MASTER_ADDRESSES = define("ferry.master.addresses", PropertyType.STRING, "",
      "RPC addresses (host:port,host:port,...) of all masters of an HA quorum, for clients, workers and the "
          + "masters themselves. Empty: the one master at ferry.master.hostname:ferry.master.rpc.port.");
  public static final PropertyKey MASTER_WEB_ADDRESSES = define("ferry.master.web.addresses", PropertyType.STRING,
      "", "HA: the masters' web addresses (host:port,...) in the order of ferry.master.addresses, where a "
          + "follower's web UI sends browsers to the leader. Empty: each master's RPC host with this master's "
          + "ferry.master.web.port (masters on separate hosts on the same ports).");
  public static final PropertyKey MASTER_RAFT_ADDRESSES = define("ferry.master.raft.addresses",
      PropertyType.STRING, "", "HA: the masters' journal replication (Raft) addresses, host:port,..., "
          + "in the order of ferry.master.addresses.");
  public static final PropertyKey MASTER_RAFT_DIR = define("ferry.master.raft.dir", PropertyType.STRING,
      "data/master-raft", "HA: directory of this master's Raft log and snapshots (RocksDB checkpoints).");
  public static final PropertyKey MASTER_RAFT_SNAPSHOT_THRESHOLD = define("ferry.master.raft.snapshot.threshold",
      PropertyType.INT, "100000", "HA: journal entries applied between two snapshots; the log before a "
          + "snapshot is purged, and a master that lags further behind catches up from the snapshot.");
  public static final PropertyKey MASTER_RAFT_LOG_SEGMENT_SIZE = define("ferry.master.raft.log.segment.size",
      PropertyType.BYTES, "8MB", "HA: size at which the Raft log starts a new segment file; only whole "
          + "segments before the latest snapshot are purged.");

  // ---- Worker ----
  public static final PropertyKey WORKER_HOSTNAME = define("ferry.worker.hostname", PropertyType.STRING,
      "", "Host name clients use to reach this worker; a client on the same host reads short-circuit. "
          + "Empty: this machine's host name.");
  public static final PropertyKey WORKER_BIND_HOST = define("ferry.worker.bind.host", PropertyType.STRING,
      "0.0.0.0", "Address the worker's RPC server binds to.");
  public static final PropertyKey WORKER_RPC_PORT = define("ferry.worker.rpc.port", PropertyType.INT,
      "29999", "The worker's RPC port (block reads and writes).");
  public static final PropertyKey WORKER_DATA_PORT = define("ferry.worker.data.port", PropertyType.INT,
      "0", "The port of the worker's block transport, which streams remote block reads as raw bytes over TCP "
          + "(faster than gRPC). 0 picks a free port (the worker advertises it to clients through the master); "
          + "set one to open it in a firewall. -1 turns the transport off (reads then stream over gRPC).");
  public static final PropertyKey WORKER_DATA_MAX_CONNECTIONS = define("ferry.worker.data.max.connections",
      PropertyType.INT, "1024", "Most block transport connections a worker serves at once (a thread each). "
          + "One more takes the place of the connection idle longest (clients keep idle ones for their next "
          + "read), or waits while every one is answering a request.");
  public static final PropertyKey WORKER_WEB_PORT = define("ferry.worker.web.port", PropertyType.INT,
      "30100", "The worker's web port: /metrics (Prometheus), /healthz, /readyz. 0 turns it off.");
  public static final PropertyKey WORKER_S3_PORT = define("ferry.worker.s3.port", PropertyType.INT,
      "39999", "The worker's S3-compatible endpoint over the whole namespace (first path component = bucket). "
          + "0 turns it off.");
  public static final PropertyKey WORKER_SLOW_REQUEST_THRESHOLD = define("ferry.worker.slow.request.threshold",
      PropertyType.DURATION, "30s", "An RPC the worker still answers after this long is logged once, while it "
          + "runs, and counted in ferry_rpc_slow_requests_total.");
  public static final PropertyKey WORKER_MEM_DIR = define("ferry.worker.mem.dir", PropertyType.STRING,
      "/dev/shm/ferry-worker", "Directory of the MEM tier; should be on tmpfs.");
  public static final PropertyKey WORKER_MEM_CAPACITY = define("ferry.worker.mem.capacity", PropertyType.BYTES,
      "1GB", "Bytes the MEM tier may hold before it evicts.");
  public static final PropertyKey WORKER_SSD_DIR = define("ferry.worker.ssd.dir", PropertyType.STRING, "",
      "Directory of the SSD tier, below MEM (on disk; its blocks survive a restart). Empty: no SSD tier.");
  public static final PropertyKey WORKER_SSD_CAPACITY = define("ferry.worker.ssd.capacity", PropertyType.BYTES,
      "10GB", "Bytes the SSD tier may hold before it evicts.");
  public static final PropertyKey WORKER_EVICTION_POLICY = define("ferry.worker.eviction.policy",
      PropertyType.STRING, "W-TinyLFU", "Eviction policy of every tier: W-TinyLFU (scan resistant) or LRU.");
  public static final PropertyKey WORKER_PROMOTION_READS = define("ferry.worker.promotion.reads", PropertyType.INT,
      "2", "Reads of a block from a lower tier (among recently read blocks) after which it moves up a tier.");
  public static final PropertyKey WORKER_HEARTBEAT_INTERVAL = define("ferry.worker.heartbeat.interval",
      PropertyType.DURATION, "1s", "How often a worker heartbeats to the master.");
  public static final PropertyKey WORKER_UFS_FETCH_CONCURRENCY = define("ferry.worker.ufs.fetch.concurrency",
      PropertyType.INT, "16", "Blocks a worker fetches from the UFS at once.");
  public static final PropertyKey WORKER_LOAD_FETCH_SLOTS = define("ferry.worker.load.fetch.slots",
      PropertyType.INT, "8", "Of the worker's UFS fetch slots, how many load jobs may use at once; the others "
          + "stay free for readers' misses. Must be below ferry.worker.ufs.fetch.concurrency.");
  public static final PropertyKey WORKER_CHUNK_SIZE = define("ferry.worker.chunk.size", PropertyType.BYTES,
      "1MB", "Size of the chunks a block is streamed in.");
  public static final PropertyKey WORKER_PAGE_SIZE = define("ferry.worker.page.size", PropertyType.BYTES, "64KB",
      "Size of the pages a read of part of a block fetches from the UFS and caches (a partially cached block); "
          + "smaller pages fetch less for small random reads, and sequential reads fetch ahead of what they read.");

  // ---- Client ----
  public static final PropertyKey USER_BLOCK_SIZE = define("ferry.user.block.size", PropertyType.BYTES,
      "64MB", "Block size of files created through Ferry.");
  public static final PropertyKey USER_WRITE_TYPE = define("ferry.user.write.type", PropertyType.STRING,
      "CACHE_THROUGH", "Default write type: CACHE_THROUGH, THROUGH, MUST_CACHE or ASYNC_THROUGH (write-back: "
          + "acknowledged once cached on ferry.user.file.replication.durable workers, persisted in the background).");
  public static final PropertyKey USER_FILE_REPLICATION_DURABLE = define("ferry.user.file.replication.durable",
      PropertyType.INT, "2", "ASYNC_THROUGH: on how many workers (on different hosts while there are enough) a "
          + "file's blocks are written before its close returns; with fewer live workers, on all of them. The "
          + "master keeps that many copies until the file is persisted.");
  public static final PropertyKey USER_SHORT_CIRCUIT_ENABLED = define("ferry.user.short.circuit.enabled",
      PropertyType.BOOLEAN, "true", "Read blocks of a worker on the same host straight from its files, and "
          + "write the blocks of cache-only files (ASYNC_THROUGH, MUST_CACHE) straight into them.");
  public static final PropertyKey USER_DATA_TRANSPORT_ENABLED = define("ferry.user.data.transport.enabled",
      PropertyType.BOOLEAN, "true", "Read blocks of remote workers over their block transport (raw bytes over "
          + "TCP) when they have one; false streams them over gRPC.");
  public static final PropertyKey USER_RPC_TIMEOUT = define("ferry.user.rpc.timeout", PropertyType.DURATION,
      "30s", "Deadline of a metadata RPC.");
  public static final PropertyKey USER_READ_STALL_TIMEOUT = define("ferry.user.read.stall.timeout",
      PropertyType.DURATION, "10s", "How long a block read waits for the next data from a worker before it "
          + "reads another copy (or fails): a worker whose host was cut off silently is left after this.");
  public static final PropertyKey USER_MASTER_FAILOVER_TIMEOUT = define("ferry.user.master.failover.timeout",
      PropertyType.DURATION, "30s", "With several masters: how long a client or worker retries a call on the "
          + "other masters (finding the new leader) before it fails.");
  public static final PropertyKey USER_CONNECT_TIMEOUT = define("ferry.user.connect.timeout",
      PropertyType.DURATION, "5s", "How long to wait for a master or worker connection.");
  public static final PropertyKey USER_WORKER_LIST_REFRESH = define("ferry.user.worker.list.refresh",
      PropertyType.DURATION, "10s", "How long a client reuses the list of live workers.");

  // ---- S3 endpoint ----
  public static final PropertyKey S3_CREDENTIALS_FILE = define("ferry.s3.credentials.file", PropertyType.STRING,
      "", "Access keys of the S3 endpoint: a properties file of ACCESS_KEY_ID=SECRET_ACCESS_KEY lines. "
          + "Requests must be signed (AWS Signature Version 4) with one of them.");
  public static final PropertyKey S3_ANONYMOUS_ENABLED = define("ferry.s3.anonymous.enabled", PropertyType.BOOLEAN,
      "false", "Let the S3 endpoint serve unsigned requests (signed ones are still checked).");
  public static final PropertyKey S3_STATUS_CACHE_TTL = define("ferry.s3.status.cache.ttl", PropertyType.DURATION,
      "10s", "How long the S3 endpoint answers GetObject and HeadObject of a key it listed from the listing's "
          + "status, without asking the master (as the FUSE mount's metadata cache: the endpoint's own changes "
          + "show at once, other clients' after this). 0 disables the cache.");

  // ---- Security ----
  public static final PropertyKey SECURITY_AUTHENTICATION_TYPE = define("ferry.security.authentication.type",
      PropertyType.STRING, "NONE", "How clients prove who they are to the master: NONE (anyone may do anything), "
          + "SIMPLE (the client states its OS user), TOKEN (a signed, expiring token names user and groups) or MTLS "
          + "(the client certificate mutual TLS verified names the user; needs ferry.security.tls.client.auth="
          + "required). With SIMPLE, TOKEN or MTLS the master checks POSIX permissions on every namespace operation, and workers "
          + "read and write blocks only with a capability the master signed (set it on masters and workers alike).");
  public static final PropertyKey SECURITY_TOKEN_KEY_FILE = define("ferry.security.token.key.file",
      PropertyType.STRING, "", "TOKEN: file of the key tokens are signed with (base64); a master creates it, "
          + "readable by its owner only, when missing. Every master of a quorum needs the same file; whoever can "
          + "read it can sign tokens (ferry admin token create).");
  public static final PropertyKey SECURITY_BLOCK_KEY_FILE = define("ferry.security.block.key.file",
      PropertyType.STRING, "", "SIMPLE, TOKEN or MTLS: file of the key block capabilities are signed with (base64), "
          + "read by masters and workers; a master creates it, readable by its owner only, when missing. Every "
          + "master and worker needs the same file; clients never.");
  public static final PropertyKey SECURITY_BLOCK_CAPABILITY_LIFETIME = define(
      "ferry.security.block.capability.lifetime", PropertyType.DURATION, "10m", "SIMPLE, TOKEN or MTLS: how long a "
          + "block capability the master signs lets a client read or start writing a file's blocks on workers "
          + "(a reader asks the master for a new one when it ends).");
  public static final PropertyKey SECURITY_MTLS_USER_PATTERN = define("ferry.security.mtls.user.pattern",
      PropertyType.STRING, "", "Master, MTLS: a regular expression searched in the subject of the client's "
          + "certificate (RFC 2253 form, e.g. CN=alice,OU=ml,O=example) whose first group is the user. Empty: "
          + "the subject's CN.");
  public static final PropertyKey SECURITY_TOKEN = define("ferry.security.token", PropertyType.STRING, "",
      "Client: the token to present (normally from the environment variable FERRY_TOKEN).");
  public static final PropertyKey SECURITY_TOKEN_FILE = define("ferry.security.token.file", PropertyType.STRING,
      "", "Client: a file holding the token to present, when FERRY_TOKEN is not set.");
  public static final PropertyKey SECURITY_SUPERUSERS = define("ferry.security.superusers", PropertyType.STRING,
      "", "Users (comma-separated) who pass every permission check, besides the user the master runs as.");
  public static final PropertyKey SECURITY_IMPERSONATION_USERS = define("ferry.security.impersonation.users",
      PropertyType.STRING, "", "Master, TOKEN or MTLS: users (comma-separated) whose calls may act as another user "
          + "(HDFS's proxy users), as a FUSE mount does for each local user; the acting user's groups come from "
          + "the master's OS. Anyone else asking is refused. Empty: nobody.");
  public static final PropertyKey SECURITY_SUPERGROUP = define("ferry.security.supergroup", PropertyType.STRING,
      "", "Members of this group pass every permission check. Empty: none.");
  public static final PropertyKey SECURITY_UMASK = define("ferry.security.umask", PropertyType.STRING, "022",
      "Octal mask of permission bits cleared from the mode of files and directories created by an authenticated "
          + "caller.");
  public static final PropertyKey SECURITY_GROUPS_CACHE_TTL = define("ferry.security.groups.cache.ttl",
      PropertyType.DURATION, "5m", "SIMPLE, and users a token's holder acts as: how long the master reuses the OS "
          + "groups it looked up for a user.");
  public static final PropertyKey SECURITY_SECRET_KEY_FILE = define("ferry.security.secret.key.file",
      PropertyType.STRING, "", "Master: file of the key (base64, AES-256) mount credentials (s3.secret-key, "
          + "azure.key, ...) are encrypted with in the metastore and the journal; a master creates it, readable by "
          + "its owner only, when missing. Empty: mounts with credentials are refused, and so is a start with "
          + "stored ones. Every master of a quorum needs the same file; keep it out of the metastore's backups.");
  public static final PropertyKey SECURITY_AUDIT_ENABLED = define("ferry.security.audit.enabled",
      PropertyType.BOOLEAN, "true", "Master: one line per namespace change and per denied access in the audit "
          + "log (conf/logback.xml's logger ferry.audit, file -Daudit.log.file). With authentication NONE the "
          + "user is the one the client claims.");
  public static final PropertyKey SECURITY_TLS_ENABLED = define("ferry.security.tls.enabled", PropertyType.BOOLEAN,
      "false", "TLS on every connection: gRPC between clients, masters and workers, Raft between masters, and "
          + "the web port (https). The workers' plain block transport is turned off (reads stream over gRPC).");
  public static final PropertyKey SECURITY_TLS_CERT = define("ferry.security.tls.cert", PropertyType.STRING, "",
      "TLS: this process's certificate chain (PEM). Servers must have one; a client presents it for mutual TLS.");
  public static final PropertyKey SECURITY_TLS_KEY = define("ferry.security.tls.key", PropertyType.STRING, "",
      "TLS: the private key of ferry.security.tls.cert (PEM, PKCS#8: BEGIN PRIVATE KEY).");
  public static final PropertyKey SECURITY_TLS_CA = define("ferry.security.tls.ca", PropertyType.STRING, "",
      "TLS: the CA certificates (PEM) that servers' (and clients') certificates are checked against; a "
          + "server's certificate must also name the host it is reached by.");
  public static final PropertyKey SECURITY_TLS_CLIENT_AUTH = define("ferry.security.tls.client.auth",
      PropertyType.STRING, "none", "TLS: whether servers ask clients for a certificate: none, optional (checked "
          + "against the CA when given) or required (mutual TLS).");
  public static final PropertyKey SECURITY_TLS_REFRESH_INTERVAL = define("ferry.security.tls.refresh.interval",
      PropertyType.DURATION, "1m", "TLS: how often the certificate, key and CA files are checked for changes; "
          + "new connections use the new ones (rotation without a restart).");
  public static final PropertyKey SECURITY_RPC_MAX_MESSAGE_SIZE = define("ferry.security.rpc.max.message.size",
      PropertyType.BYTES, "64MB", "Largest gRPC message a server or client accepts (a data chunk, a worker's block "
          + "report); a larger one fails with RESOURCE_EXHAUSTED before it is read whole. Masters and workers, and "
          + "the clients of a deployment, should agree on it.");
  public static final PropertyKey SECURITY_RPC_MAX_HEADER_LIST_SIZE = define(
      "ferry.security.rpc.max.header.list.size", PropertyType.BYTES, "16KB", "Largest HTTP/2 header list (gRPC "
          + "metadata: tokens, request ids, error messages in trailers) a server or client accepts.");
  public static final PropertyKey SECURITY_RPC_MAX_CONCURRENT_CALLS = define(
      "ferry.security.rpc.max.concurrent.calls", PropertyType.INT, "1000", "Most calls in flight at once on one "
          + "connection to a master or a worker (HTTP/2 concurrent streams); a client's further calls wait for a "
          + "free one.");

  // ---- FUSE ----
  public static final PropertyKey FUSE_WEB_PORT = define("ferry.fuse.web.port", PropertyType.INT,
      "30200", "The FUSE mount's web port: /metrics (Prometheus), /healthz, /readyz. 0 turns it off.");
  public static final PropertyKey FUSE_SLOW_REQUEST_THRESHOLD = define("ferry.fuse.slow.request.threshold",
      PropertyType.DURATION, "30s", "A FUSE operation still running after this long is logged once, while it "
          + "runs, with its path and what it waits for, and counted in ferry_fuse_slow_requests_total.");
  public static final PropertyKey FUSE_METADATA_CACHE_TTL = define("ferry.fuse.metadata.cache.ttl",
      PropertyType.DURATION, "60s", "How long a FUSE mount answers stat and lookups from its own metadata cache "
          + "(its own changes show at once, other clients' after this). 0 disables the cache.");
  public static final PropertyKey FUSE_RPC_TIMEOUT = define("ferry.fuse.rpc.timeout", PropertyType.DURATION,
      "10s", "Deadline of a metadata RPC made for a FUSE request: a dead master gives EIO after it.");
  public static final PropertyKey FUSE_ENTRY_TIMEOUT = define("ferry.fuse.entry.timeout", PropertyType.DURATION,
      "60s", "How long the kernel caches the name lookups of a FUSE mount (libfuse entry_timeout).");
  public static final PropertyKey FUSE_ATTR_TIMEOUT = define("ferry.fuse.attr.timeout", PropertyType.DURATION,
      "60s", "How long the kernel caches the attributes of a FUSE mount (libfuse attr_timeout).");
  public static final PropertyKey FUSE_PAGE_CACHE = define("ferry.fuse.page.cache", PropertyType.STRING,
      "auto_cache", "Kernel page cache of a FUSE mount: auto_cache (kept while a file's size and mtime are "
          + "unchanged), kernel_cache (always kept) or none (direct_io).");
  public static final PropertyKey FUSE_MAX_READ = define("ferry.fuse.max.read", PropertyType.BYTES, "128KB",
      "Largest read request of a FUSE mount (libfuse 2 caps it at 128 KiB).");

  private final String name;
  private final PropertyType type;
  private final String defaultValue;
  private final String description;

  private PropertyKey(String name, PropertyType type, String defaultValue, String description) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  private static PropertyKey define(String name, PropertyType type, String defaultValue, String description) {
    PropertyKey key = new PropertyKey(name, type, defaultValue, description);
    type.parse(defaultValue); // a bad default is a bug: fail at class load
    KEYS.put(name, key);
    return key;
  }

  public static PropertyKey forName(String name) {
    return KEYS.get(name);
  }

  public static Map<String, PropertyKey> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  public String name() {
    return name;
  }

  public PropertyType type() {
    return type;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides this key: ferry.master.rpc.port -> FERRY_MASTER_RPC_PORT. */
  public String envName() {
    return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @Override
  public String toString() {
    return name;
  }
}
