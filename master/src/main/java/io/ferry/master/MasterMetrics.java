package io.ferry.master;

import io.ferry.master.ha.RaftMasterNode;
import io.ferry.master.ha.RaftStatus;
import io.ferry.master.load.LoadJobManager;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.MountTable;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.replication.ReplicationChecker;
import io.ferry.master.replication.ReplicationCommands;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The master's own metrics, read at scrape time from the state it already keeps. */
final class MasterMetrics {
  private MasterMetrics() {}

  static void registerNamespace(PrometheusRegistry registry, FileSystemMaster fs, MountTable mounts,
      WorkerRegistry workers, MetaStore store) {
    GaugeWithCallback.builder().name("ferry_master_inodes").help("Files and directories in the namespace")
        .callback(c -> c.call(fs.inodeCount())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_mounts").help("Under storages mounted in the namespace")
        .callback(c -> c.call(mounts.all().size())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_workers").help("Workers known to the master, by state")
        .labelNames("state")
        .callback(c -> {
          c.call(workers.liveWorkers().size(), "live");
          c.call(workers.lostCount(), "lost");
        }).register(registry);
    GaugeWithCallback.builder().name("ferry_master_rocksdb_size_bytes").unit(Unit.BYTES)
        .help("Bytes of the metastore (RocksDB SST files and memtables)")
        .callback(c -> c.call(store.sizeBytes())).register(registry);
  }

  /** The running load jobs' progress, summed, and the bytes every job fetched (its rate is the load rate). */
  static void registerLoadJobs(PrometheusRegistry registry, LoadJobManager jobs) {
    GaugeWithCallback.builder().name("ferry_master_load_jobs_running").help("Load jobs running")
        .callback(c -> c.call(running(jobs).size())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_load_files").labelNames("progress")
        .help("Files of the running load jobs: done (cached at the asked replication), failed and total so far")
        .callback(c -> {
          List<LoadJobInfo> running = running(jobs);
          c.call(running.stream().mapToLong(LoadJobInfo::getFilesDone).sum(), "done");
          c.call(running.stream().mapToLong(LoadJobInfo::getFilesFailed).sum(), "failed");
          c.call(running.stream().mapToLong(LoadJobInfo::getFilesTotal).sum(), "total");
        }).register(registry);
    GaugeWithCallback.builder().name("ferry_master_load_bytes").unit(Unit.BYTES).labelNames("progress")
        .help("Bytes of the running load jobs: done and total so far")
        .callback(c -> {
          List<LoadJobInfo> running = running(jobs);
          c.call(running.stream().mapToLong(LoadJobInfo::getBytesDone).sum(), "done");
          c.call(running.stream().mapToLong(LoadJobInfo::getBytesTotal).sum(), "total");
        }).register(registry);
    CounterWithCallback.builder().name("ferry_master_load_fetched_bytes_total").unit(Unit.BYTES)
        .help("Bytes load jobs had workers fetch from under storage since this master started leading them")
        .callback(c -> c.call(jobs.list().stream().mapToLong(LoadJobInfo::getBytesFetched).sum()))
        .register(registry);
    CounterWithCallback.builder().name("ferry_master_load_failed_files_total")
        .help("Files load jobs gave up on after their retries")
        .callback(c -> c.call(jobs.list().stream().mapToLong(LoadJobInfo::getFilesFailed).sum()))
        .register(registry);
  }

  private static List<LoadJobInfo> running(LoadJobManager jobs) {
    return jobs.list().stream().filter(j -> j.getState() == LoadJobState.LOAD_RUNNING).toList();
  }

  static void registerReplication(PrometheusRegistry registry, ReplicationChecker checker,
      ReplicationCommands commands) {
    GaugeWithCallback.builder().name("ferry_master_replication_under_replicated_blocks")
        .help("Cached blocks with fewer copies than their replication factor at the last check")
        .callback(c -> c.call(checker.underReplicated())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_replication_copies_in_flight")
        .help("Block copies asked of workers and not reported done yet")
        .callback(c -> c.call(commands.inFlight())).register(registry);
  }

  /** HA only: this master's Raft role, term, log indexes and (on the leader) the slowest follower's lag. */
  static void registerRaft(PrometheusRegistry registry, RaftMasterNode raft) {
    GaugeWithCallback.builder().name("ferry_master_raft_role").labelNames("role")
        .help("1 for this master's current Raft role (leader, follower, candidate)")
        .callback(c -> c.call(1, status(raft).role())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_raft_term").help("The current Raft term")
        .callback(c -> c.call(status(raft).term())).register(registry);
    GaugeWithCallback.builder().name("ferry_master_raft_index").labelNames("index")
        .help("Raft log indexes: committed (by the quorum, as this master knows) and applied (to this metastore)")
        .callback(c -> {
          RaftStatus s = status(raft);
          c.call(s.commitIndex(), "committed");
          c.call(s.appliedIndex(), "applied");
        }).register(registry);
    GaugeWithCallback.builder().name("ferry_master_raft_follower_lag_entries")
        .help("On the leader: log entries the slowest follower lacks of the committed log; 0 on followers")
        .callback(c -> c.call(status(raft).followerLag())).register(registry);
  }

  private static RaftStatus status(RaftMasterNode raft) {
    try {
      return raft.status();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Raft status: " + e.getMessage(), e);
    }
  }
}
