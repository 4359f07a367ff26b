package io.ferry.client;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.GetWorkersRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

/** The master's list of live workers, reused for {@code ferry.user.worker.list.refresh}. */
final class LiveWorkers {
  private static final String KEY = "workers";
  private final LoadingCache<String, List<WorkerStatus>> cache;

  LiveWorkers(MasterClient master, Duration refresh) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(refresh).build(k -> fetch(master));
  }

  /** The live workers, asked of the master now. */
  static List<WorkerStatus> fetch(MasterClient master) throws FerryException {
    return master.call(s -> s.getWorkers(GetWorkersRequest.getDefaultInstance())).getWorkersList().stream()
        .map(ProtoConversions::worker).toList();
  }

  List<WorkerStatus> get() throws FerryException {
    try {
      return cache.get(KEY);
    } catch (CompletionException e) {
      if (e.getCause() instanceof FerryException fe) {
        throw fe;
      }
      throw new FerryException(ErrorCode.INTERNAL, "Cannot list the live workers: " + e.getCause(), e);
    }
  }
}
