package io.ferry.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for every process's background work: they show in a
 * thread dump by what they do and never hold the JVM up at exit.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads all named {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> thread(name, r);
  }

  /** Threads named {@code prefix-1}, {@code prefix-2}, … */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> thread(prefix + "-" + n.incrementAndGet(), r);
  }

  /** One daemon thread, not started yet. */
  public static Thread thread(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }
}
