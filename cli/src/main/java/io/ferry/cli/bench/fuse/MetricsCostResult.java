package io.ferry.cli.bench.fuse;

import io.ferry.cli.bench.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * `ferry bench fuse --metrics-cost`: each workload through Ferry's mount with
 * its instruments on and off, from the round with the median on/off ratio,
 * and what the instruments add to one FUSE operation measured alone.
 */
record MetricsCostResult(OnOff seq, OnOff small, int rounds, double nanosPerOperation) {
  /** One workload in one round, with the instruments on and off. */
  record OnOff(double on, double off) {
    double ratio() {
      return on / off;
    }

    static OnOff median(List<OnOff> rounds) {
      List<OnOff> sorted = new ArrayList<>(rounds);
      sorted.sort(Comparator.comparingDouble(OnOff::ratio));
      return sorted.get(sorted.size() / 2);
    }
  }

  String toJson() {
    return new JsonObject()
        .put("seq_metrics_on_mbps", seq.on())
        .put("seq_metrics_off_mbps", seq.off())
        .put("small_metrics_on_fps", small.on())
        .put("small_metrics_off_fps", small.off())
        .put("rounds", rounds)
        .put("instrument_ns_per_operation", nanosPerOperation)
        .toString();
  }

  String toTable() {
    return String.format(Locale.ROOT, """
        %-32s %12s %12s %10s
        %-32s %12.0f %12.0f %9.1f%%
        %-32s %12.0f %12.0f %9.1f%%
        median of %d rounds (on/off side by side in each, the order alternating)
        instruments alone: %.0f ns per FUSE operation
        """,
        "", "metrics on", "metrics off", "on/off",
        "sequential, dd bs=1M (MB/s)", seq.on(), seq.off(), 100 * seq.ratio(),
        "small files, random (files/s)", small.on(), small.off(), 100 * small.ratio(), rounds,
        nanosPerOperation);
  }
}
