package io.ferry.master.namespace;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs under-storage calls with a bound on their total time (the
 * under storage's own timeouts and retries can add up to minutes): a
 * silent under storage fails the call after {@code timeout} with an error
 * naming what did not answer. The call itself runs on a daemon thread,
 * which the under storage's own timeouts end later.
 */
final class BoundedUfsCalls {
  private final Duration timeout;
  private final ExecutorService runner = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "bounded-ufs-call");
    t.setDaemon(true);
    return t;
  });

  BoundedUfsCalls(Duration timeout) {
    this.timeout = timeout;
  }

  /** The result of {@code op}; UFS_ERROR naming {@code what} if it takes longer than the bound. */
  <T> T run(String what, UfsCall<T> op) throws FerryException {
    Future<T> result = runner.submit(op::call);
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new FerryException(ErrorCode.UFS_ERROR, what + " did not answer within " + timeout.toSeconds()
          + " s (ferry.master.ufs.check.timeout)");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FerryException cause) {
        throw cause;
      }
      throw new FerryException(ErrorCode.UFS_ERROR, what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while waiting for " + what);
    }
  }
}
