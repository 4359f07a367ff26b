package io.ferry.worker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files whose WriteFile streams this worker is serving. Each heartbeat
 * names them, renewing their writers' leases on the master, which recovers
 * an incomplete file only once no worker has named it for a lease timeout.
 */
public final class FilesBeingWritten {
  private final Set<Long> fileIds = ConcurrentHashMap.newKeySet();

  public void started(long fileId) {
    fileIds.add(fileId);
  }

  public void ended(long fileId) {
    fileIds.remove(fileId);
  }

  public List<Long> snapshot() {
    return List.copyOf(fileIds);
  }
}
