package io.ferry.cli.bench.hosts;

import io.ferry.cli.bench.JsonObject;

/**
 * A warm remote read and the link it ran on, measured side by side: iperf3
 * just before and just after the read, so a change of the machine's load
 * during the run shows as a gap between the two.
 */
record LinkRun(double linkBeforeMbps, double remoteWarmMbps, double linkAfterMbps) {
  /** The link's throughput around the read: the mean of the two iperf3 runs. */
  double linkMbps() {
    return (linkBeforeMbps + linkAfterMbps) / 2;
  }

  double ratio() {
    return remoteWarmMbps / linkMbps();
  }

  /** Adds {@code PREFIXlink_mbps}, {@code PREFIXremote_warm_mbps}, their ratio and the two iperf3 runs. */
  void addTo(JsonObject out, String prefix) {
    out.put(prefix + "link_mbps", HostsBenchCommand.round(linkMbps()))
        .put(prefix + "remote_warm_mbps", HostsBenchCommand.round(remoteWarmMbps))
        .put(prefix + "remote_warm_link_ratio", HostsBenchCommand.round(ratio()))
        .put(prefix + "link_before_mbps", HostsBenchCommand.round(linkBeforeMbps))
        .put(prefix + "link_after_mbps", HostsBenchCommand.round(linkAfterMbps));
  }
}
