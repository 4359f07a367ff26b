package io.ferry.common;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps memory-mapped block files as soon as their readers are done with
 * them (short-circuit clients, the worker's kept mappings).
 * Java 17 has no public unmap: a mapping otherwise lives until the garbage
 * collector finds its buffer, and a mapped block file the worker has since
 * evicted keeps holding its tmpfs memory all that time. sun.misc.Unsafe's
 * invokeCleaner (module jdk.unsupported, as used by Lucene and Netty) frees it
 * at once; where it is missing, the collector does it later.
 */
public final class MappedBuffers {
  private static final Logger LOG = LoggerFactory.getLogger(MappedBuffers.class);
  private static final Object UNSAFE;
  private static final Method INVOKE_CLEANER;

  static {
    Object unsafe = null;
    Method invokeCleaner = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Cannot unmap block files explicitly; the garbage collector will", e);
    }
    UNSAFE = unsafe;
    INVOKE_CLEANER = invokeCleaner;
  }

  private MappedBuffers() {}

  /** Unmaps the buffer; it must never be touched again (that would crash the JVM). */
  public static void unmap(MappedByteBuffer buffer) {
    if (INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke(UNSAFE, buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Unmapping a block file failed; the garbage collector will", e);
    }
  }
}
