package io.ferry.cli.bench.fuse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A checkpoint as training jobs write one: every rank writes its shard at
 * once under a temporary name, then each is renamed to its final name (what
 * torch.save through a checkpoint manager, or DeepSpeed, do). The time of a
 * write is from the first byte to the last rename: what the job waits for.
 */
final class CheckpointShards {
  private static final int CHUNK = 1 << 20;

  private final int shards;
  private final long shardBytes;
  private final byte[] chunk = new byte[CHUNK];

  CheckpointShards(int shards, long totalBytes, long seed) {
    this.shards = shards;
    this.shardBytes = totalBytes / shards;
    new Random(seed).nextBytes(chunk);
  }

  long totalBytes() {
    return shardBytes * shards;
  }

  /** Writes the checkpoint into {@code dir} (created if missing); its throughput, MB/s. */
  double writeMbps(Path dir) throws Exception {
    Files.createDirectories(dir);
    ExecutorService ranks = Executors.newFixedThreadPool(shards);
    try {
      long start = System.nanoTime();
      List<Future<Path>> written = new ArrayList<>();
      for (int i = 0; i < shards; i++) {
        Path temporary = dir.resolve("shard-" + i + ".pt.tmp");
        written.add(ranks.submit(() -> writeShard(temporary)));
      }
      for (int i = 0; i < shards; i++) {
        Files.move(written.get(i).get(), dir.resolve("shard-" + i + ".pt"));
      }
      return totalBytes() / 1e6 / ((System.nanoTime() - start) / 1e9);
    } finally {
      ranks.shutdownNow();
    }
  }

  private Path writeShard(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = shardBytes; left > 0; left -= CHUNK) {
        out.write(chunk, 0, (int) Math.min(CHUNK, left));
      }
    }
    return file;
  }
}
