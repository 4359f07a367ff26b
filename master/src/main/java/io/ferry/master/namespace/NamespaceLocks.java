package io.ferry.master.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The namespace's locks. A namespace-wide lock is held shared by ordinary
 * operations and exclusively by structural ones (mount, unmount, taking the
 * lead) and by passes that load or re-sync metadata from the UFS. Under the
 * shared lock, paths are locked through a fixed array of read/write locks
 * (a path's stripe is picked by its hash): two operations wait for each
 * other only if they lock the same stripe and one of them writes it.
 * Stripes are taken in index order, each once in the strongest mode asked
 * for, so operations cannot deadlock; a collision of two unrelated paths
 * only makes one wait.
 */
final class NamespaceLocks {
  /** Held locks, released in reverse order by {@link #close}. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private final ReentrantReadWriteLock namespace = new ReentrantReadWriteLock();
  private final ReentrantReadWriteLock[] stripes;

  /** {@code stripeCount}: a power of two. */
  NamespaceLocks(int stripeCount) {
    if (Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("Stripe count must be a power of two, not " + stripeCount);
    }
    stripes = new ReentrantReadWriteLock[stripeCount];
    for (int i = 0; i < stripeCount; i++) {
      stripes[i] = new ReentrantReadWriteLock();
    }
  }

  /** The shared namespace lock and the stripes of {@code paths}, waiting as long as it takes. */
  Held lock(LockSet paths) {
    List<Lock> locks = ordered(paths);
    for (Lock lock : locks) {
      lock.lock();
    }
    return () -> unlock(locks, locks.size());
  }

  /** The same locks if they are free now; empty (holding nothing) if one is not. */
  Optional<Held> tryLock(LockSet paths) {
    List<Lock> locks = ordered(paths);
    for (int i = 0; i < locks.size(); i++) {
      if (!locks.get(i).tryLock()) {
        unlock(locks, i);
        return Optional.empty();
      }
    }
    return Optional.of(() -> unlock(locks, locks.size()));
  }

  /** The namespace to this thread alone. */
  Held lockExclusive() {
    namespace.writeLock().lock();
    return namespace.writeLock()::unlock;
  }

  int stripeOf(String path) {
    int h = path.hashCode();
    return (h ^ (h >>> 16)) & (stripes.length - 1);
  }

  /** The namespace lock, then each stripe once, in index order, in the strongest mode asked for. */
  private List<Lock> ordered(LockSet paths) {
    TreeMap<Integer, Boolean> byStripe = new TreeMap<>();
    for (Map.Entry<String, Boolean> e : paths.modes().entrySet()) {
      byStripe.merge(stripeOf(e.getKey()), e.getValue(), Boolean::logicalOr);
    }
    List<Lock> locks = new ArrayList<>(byStripe.size() + 1);
    locks.add(namespace.readLock());
    byStripe.forEach((stripe, write) -> locks.add(write ? stripes[stripe].writeLock() : stripes[stripe].readLock()));
    return locks;
  }

  private static void unlock(List<Lock> locks, int count) {
    for (int i = count - 1; i >= 0; i--) {
      locks.get(i).unlock();
    }
  }
}
