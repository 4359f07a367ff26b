package io.ferry.master.namespace;

import io.ferry.common.FerryPath;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The namespace's locks: a fixed array of read/write locks, a path's stripe
 * picked by its hash. An operation read-locks every ancestor of its paths
 * and read- or write-locks the paths themselves; two operations wait for
 * each other only if they lock the same stripe and one of them writes it.
 * Every operation read-locks the root (an ancestor of every path), so the
 * root's write lock is the namespace-wide exclusive lock: structural
 * operations (mount, unmount, taking the lead) and passes that load or
 * re-sync metadata from the UFS take it.
 * Stripes are taken in index order, each once in the strongest mode asked
 * for, so operations cannot deadlock; a collision of two unrelated paths
 * only makes one wait. The locks are non-fair ReentrantReadWriteLocks: a
 * reader does not overtake a writer already waiting, so a stream of reads
 * (every operation reads the root's stripe) cannot starve a writer.
 */
final class NamespaceLocks {
  /** Held locks, released in reverse order by {@link #close}. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private final Lock[] readLocks;
  private final Lock[] writeLocks;

  /** {@code stripeCount}: a power of two. */
  NamespaceLocks(int stripeCount) {
    if (Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("Stripe count must be a power of two, not " + stripeCount);
    }
    readLocks = new Lock[stripeCount];
    writeLocks = new Lock[stripeCount];
    for (int i = 0; i < stripeCount; i++) {
      ReentrantReadWriteLock stripe = new ReentrantReadWriteLock();
      readLocks[i] = stripe.readLock();
      writeLocks[i] = stripe.writeLock();
    }
  }

  /** The stripes of {@code paths}, waiting as long as it takes. */
  Held lock(LockSet paths) {
    Lock[] locks = ordered(paths);
    for (Lock lock : locks) {
      lock.lock();
    }
    return () -> unlock(locks, locks.length);
  }

  /** The same locks if they are free now; empty (holding nothing) if one is not. */
  Optional<Held> tryLock(LockSet paths) {
    Lock[] locks = ordered(paths);
    for (int i = 0; i < locks.length; i++) {
      if (!locks[i].tryLock()) {
        unlock(locks, i);
        return Optional.empty();
      }
    }
    return Optional.of(() -> unlock(locks, locks.length));
  }

  /** The namespace to this thread alone: the root's write lock. */
  Held lockExclusive() {
    Lock root = writeLocks[stripeOf(FerryPath.ROOT.hashCode())];
    root.lock();
    return root::unlock;
  }

  /**
   * Each stripe once, in index order, in the strongest mode asked for. A
   * path's ancestors are its prefixes up to each '/', and String's hash is
   * computed left to right, so one pass over the path yields the hash of
   * every ancestor without building their strings.
   */
  private Lock[] ordered(LockSet paths) {
    int bound = 0; // a path has at most as many ancestors (itself included) as characters
    for (String path : paths.modes().keySet()) {
      bound += path.length();
    }
    int[] wanted = new int[bound]; // stripe << 1 | write: sorted, a stripe's write comes after its read
    int n = 0;
    for (Map.Entry<String, Boolean> e : paths.modes().entrySet()) {
      String path = e.getKey();
      int h = 0;
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        if (c == '/' && i > 0) {
          wanted[n++] = stripeOf(h) << 1; // the ancestor path.substring(0, i)
        }
        h = 31 * h + c;
        if (i == 0 && path.length() > 1) {
          wanted[n++] = stripeOf(h) << 1; // the root "/"
        }
      }
      wanted[n++] = stripeOf(h) << 1 | (e.getValue() ? 1 : 0);
    }
    Arrays.sort(wanted, 0, n);
    Lock[] locks = new Lock[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      int stripe = wanted[i] >>> 1;
      if (i + 1 < n && wanted[i + 1] >>> 1 == stripe) {
        continue; // the last of a stripe's entries is its strongest mode
      }
      locks[size++] = (wanted[i] & 1) == 1 ? writeLocks[stripe] : readLocks[stripe];
    }
    return size == locks.length ? locks : Arrays.copyOf(locks, size);
  }

  private int stripeOf(int hash) {
    return (hash ^ (hash >>> 16)) & (readLocks.length - 1);
  }

  private static void unlock(Lock[] locks, int count) {
    for (int i = count - 1; i >= 0; i--) {
      locks[i].unlock();
    }
  }
}
