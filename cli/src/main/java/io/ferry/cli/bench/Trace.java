package io.ferry.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** An access trace of equally sized blocks, named for the workload it models. */
public record Trace(String name, long[] keys) {

  /**
   * Training epochs: every block of a dataset once per epoch, in a new random
   * order each epoch (a shuffling DataLoader).
   */
  public static Trace shuffledEpochs(int datasetBlocks, int epochs, long seed) {
    Random random = new Random(seed);
    List<Long> order = new ArrayList<>(datasetBlocks);
    for (long b = 0; b < datasetBlocks; b++) {
      order.add(b);
    }
    long[] keys = new long[datasetBlocks * epochs];
    int i = 0;
    for (int e = 0; e < epochs; e++) {
      Collections.shuffle(order, random);
      for (long b : order) {
        keys[i++] = b;
      }
    }
    return new Trace("shuffled epochs, dataset " + datasetBlocks + " blocks", keys);
  }

  /**
   * A hot set read over and over (uniformly at random), with one pass over a
   * large cold dataset in the middle (a one-off scan such as a backup, an
   * ad-hoc query or a preload of another dataset).
   */
  public static Trace hotSetWithScan(int hotBlocks, int hotAccesses, int scanBlocks, long seed) {
    Random random = new Random(seed);
    long[] keys = new long[hotAccesses + scanBlocks];
    int half = hotAccesses / 2;
    int i = 0;
    for (int a = 0; a < half; a++) {
      keys[i++] = random.nextInt(hotBlocks);
    }
    for (long s = 0; s < scanBlocks; s++) {
      keys[i++] = hotBlocks + s; // never seen before, never seen again
    }
    for (int a = half; a < hotAccesses; a++) {
      keys[i++] = random.nextInt(hotBlocks);
    }
    return new Trace("hot set " + hotBlocks + " blocks + one scan of " + scanBlocks, keys);
  }
}
