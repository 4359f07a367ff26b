package io.ferry.cli.bench.hosts;

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
}
