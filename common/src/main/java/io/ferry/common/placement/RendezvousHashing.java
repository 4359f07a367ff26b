package io.ferry.common.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Highest-random-weight hashing: every client ranks workers for a block the
 * same way without asking anyone, and adding a worker moves only about 1/N of
 * the blocks' first choices. Weighted by capacity (weighted rendezvous: the
 * score is -weight / ln(hash in (0,1))).
 */
public final class RendezvousHashing {
  private RendezvousHashing() {}

  /**
   * The candidates ordered by preference for {@code key}, best first.
   *
   * @param id a stable identity of a candidate (e.g. "host:port")
   * @param weight its weight (e.g. capacity bytes); non-positive counts as 1
   */
  public static <T> List<T> rank(long key, List<T> candidates, java.util.function.Function<T, String> id,
      ToLongFunction<T> weight) {
    List<T> out = new ArrayList<>(candidates);
    out.sort(Comparator.comparingDouble((T c) -> score(key, id.apply(c), weight.applyAsLong(c))).reversed());
    return out;
  }

  static double score(long key, String id, long weight) {
    long h = mix(key * 0x9E3779B97F4A7C15L ^ mix(id.hashCode() * 0xC2B2AE3D27D4EB4FL + id.length()));
    // a uniform double in (0, 1): 53 random bits, never exactly 0
    double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
    return -Math.max(weight, 1) / Math.log(u);
  }

  /** The finalizer of SplitMix64: a good 64-bit mixer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
