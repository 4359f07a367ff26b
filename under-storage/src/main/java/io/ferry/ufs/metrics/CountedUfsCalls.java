package io.ferry.ufs.metrics;

import io.ferry.common.error.FerryException;
import io.ferry.common.metrics.OperationMetrics;
import io.ferry.ufs.ThrottledException;
import io.ferry.ufs.UnderFileSystem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.List;

/**
 * The under storage calls of a process, per mount (labelled by the mount's
 * under storage root URI, a bounded set) and operation: count, errors by
 * code, latency, bytes read and written, and throttled calls counted apart
 * from the errors.
 */
final class CountedUfsCalls implements UfsMetrics {
  private static final OperationMetrics.Names NAMES = new OperationMetrics.Names("ferry_ufs_operations_total",
      "ferry_ufs_errors_total", "ferry_ufs_operation_duration_seconds", List.of("mount", "operation"), "code",
      "under storage call");

  private final OperationMetrics operations;
  private final Counter throttled;
  private final Counter bytes;

  CountedUfsCalls(PrometheusRegistry registry) {
    operations = new OperationMetrics(registry, NAMES);
    throttled = Counter.builder().name("ferry_ufs_throttled_total")
        .help("Under storage calls still throttled after the client's retries (not in ferry_ufs_errors_total), "
            + "per mount and operation")
        .labelNames("mount", "operation").register(registry);
    bytes = Counter.builder().name("ferry_ufs_bytes_total").unit(Unit.BYTES)
        .help("Bytes read from and written to under storage, per mount and direction (read, written)")
        .labelNames("mount", "direction").register(registry);
  }

  @Override
  public UnderFileSystem meter(String mountUri, UnderFileSystem ufs) {
    return new MeteredUnderFileSystem(ufs, new Calls(mountUri));
  }

  /** One call of an under storage. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  /** The calls and bytes of one mount. */
  final class Calls {
    private final String mount;

    private Calls(String mount) {
      this.mount = mount;
    }

    <T> T timed(String operation, Call<T> call) throws IOException {
      long start = System.nanoTime();
      try {
        T result = call.run();
        operations.observe(null, System.nanoTime() - start, mount, operation);
        return result;
      } catch (ThrottledException e) {
        throttled.labelValues(mount, operation).inc();
        operations.observe(null, System.nanoTime() - start, mount, operation); // not an error: counted apart
        throw e;
      } catch (IOException | RuntimeException e) {
        String code = e instanceof FerryException fe ? fe.code().name() : e.getClass().getSimpleName();
        operations.observe(code, System.nanoTime() - start, mount, operation);
        throw e;
      }
    }

    void read(long n) {
      bytes.labelValues(mount, "read").inc(n);
    }

    void written(long n) {
      bytes.labelValues(mount, "written").inc(n);
    }
  }
}
