package io.ferry.master;

import io.ferry.master.mount.MountTable;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.worker.WorkerRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The master's own gauges, read at scrape time from the state it already keeps. */
final class MasterMetrics {
  private MasterMetrics() {}

  static void register(PrometheusRegistry registry, FileSystemMaster fs, MountTable mounts, WorkerRegistry workers) {
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
  }
}
