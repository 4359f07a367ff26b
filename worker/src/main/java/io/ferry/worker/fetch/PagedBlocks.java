package io.ferry.worker.fetch;

import io.ferry.proto.PartialBlockReport;
import io.ferry.proto.UfsBlockSource;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TempBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's partially cached blocks ({@link PartialBlock}), in a directory
 * of their own: a read of part of a block that is not cached whole fetches
 * only the pages it needs, plus a read-ahead that grows while reads of the
 * block follow each other (none for random reads), and later reads of those
 * pages are hits. They take at most {@code capacity} bytes of present pages; the
 * block used least recently goes first. A block whose pages are all present
 * becomes a whole cached block of the store, and a block cached whole makes
 * its partial copy go ({@link #drop}).
 */
public final class PagedBlocks implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PagedBlocks.class);

  private final Path dir;
  private final int pageSize;
  private final long capacity;
  private final BlockStore store;
  private final UfsResolver ufs;
  private final WorkerCounters counters;
  /** In access order, eldest first; guarded by this, like {@link #bytes} and {@link #counted}. */
  private final LinkedHashMap<Long, PartialBlock> blocks = new LinkedHashMap<>(16, 0.75f, true);
  /** The present bytes of each block as last counted into {@link #bytes}. */
  private final Map<PartialBlock, Long> counted = new HashMap<>();
  private long bytes;
  private final PartialBlockLog changes = new PartialBlockLog();
  private final AtomicLong files = new AtomicLong();

  /** Empties {@code dir}: a previous run's partial blocks are not kept. */
  public PagedBlocks(Path dir, int pageSize, long capacity, BlockStore store, UfsResolver ufs,
      WorkerCounters counters) throws IOException {
    if (pageSize <= 0) {
      throw new IllegalArgumentException("The page size must be positive, not " + pageSize);
    }
    this.dir = dir;
    this.pageSize = pageSize;
    this.capacity = capacity;
    this.store = store;
    this.ufs = ufs;
    this.counters = counters;
    Files.createDirectories(dir);
    deleteFiles();
  }

  /**
   * True if a read of {@code length} bytes (0 or -1: to the end of the block)
   * is served from pages: a bounded range, of a block the UFS holds at a
   * known version, to be cached.
   */
  public static boolean serves(UfsBlockSource source, long length, boolean noCache) {
    return length > 0 && !noCache && source != null && !source.getUfsUri().isEmpty()
        && !source.getFingerprint().isEmpty();
  }

  /**
   * Opens the block for a read of {@code [offset, offset + length)}, once
   * the pages of that range are present (fetched now if they were not).
   */
  public OpenBlock open(long blockId, UfsBlockSource source, long offset, long length) throws IOException {
    PartialBlock block = blockFor(blockId, source);
    FileChannel channel = FileChannel.open(block.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (block.has(offset, length)) {
        block.readAheadFor(offset, length); // a hit continues a sequential run too
        counters.cacheHit(store.tierOf(block.file()), length);
      } else {
        counters.cacheMiss(length);
        long end = Math.min(block.length(), offset + length + block.readAheadFor(offset, length));
        counters.ufsBytesRead(block.fill(ufs.forMount(source.getMountId()), channel, offset, end - offset));
        filled(block);
        if (block.complete()) {
          cacheWhole(block, channel);
        }
      }
      return new OpenBlock(channel, block.length(), null, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      discardIfUnused(block);
      throw e;
    }
  }

  /** Deletes the file of a new copy that replaced none because its fetch failed. */
  private synchronized void discardIfUnused(PartialBlock block) {
    if (blocks.get(block.blockId()) != block) {
      deleteQuietly(block.file());
    }
  }

  /**
   * Commits a block whose pages are all present to the store, as if it had
   * been fetched whole (it is then reported to the master and read by
   * short-circuit), and drops the partial copy. If the store cannot take it,
   * the partial copy stays.
   */
  private void cacheWhole(PartialBlock block, FileChannel channel) {
    if (!store.fits(block.length())) {
      return;
    }
    TempBlock temp = null;
    try {
      temp = store.createTemp(block.blockId());
      temp.copyFrom(Channels.newInputStream(channel.position(0)), block.length());
      temp.close();
      store.commit(temp, block.fingerprint());
      drop(block.blockId());
    } catch (IOException | RuntimeException e) {
      if (temp != null) {
        temp.discard();
      }
      LOG.warn("Block {}, whose pages were all read, stays partially cached: {}", block.blockId(), e.toString());
    }
  }

  /** The bytes of the pages present in all partial blocks. */
  public synchronized long bytes() {
    return bytes;
  }

  /** The partial blocks whose cached bytes changed since the master last had them. */
  public PartialBlockLog changes() {
    return changes;
  }

  /** Every partially cached block with its present bytes, for a registration. */
  public synchronized List<PartialBlockReport> all() {
    List<PartialBlockReport> all = new ArrayList<>();
    counted.forEach((block, present) -> all.add(
        PartialBlockReport.newBuilder().setBlockId(block.blockId()).setCachedBytes(present).build()));
    return all;
  }

  /** Drops the partial copy of a block (it is cached whole now, or the master asked to free it). */
  public synchronized void drop(long blockId) {
    PartialBlock block = blocks.remove(blockId);
    if (block != null) {
      forget(block);
    }
  }

  /**
   * The block's partial copy of the request's version. A copy of another
   * version stays until the new one has pages: a reader holding an older
   * status fails FILE_CHANGED rather than evicting a newer copy.
   */
  private synchronized PartialBlock blockFor(long blockId, UfsBlockSource source) throws IOException {
    PartialBlock known = blocks.get(blockId);
    if (known != null && known.fingerprint().equals(source.getFingerprint())) {
      return known;
    }
    Path file = Files.createFile(dir.resolve(blockId + "-" + files.incrementAndGet()));
    PartialBlock created = new PartialBlock(blockId, source, file, pageSize);
    if (known == null) {
      blocks.put(blockId, created);
    }
    return created;
  }

  /** Counts a block's new pages, then evicts the least recently used other blocks while over capacity. */
  private synchronized void filled(PartialBlock block) {
    PartialBlock known = blocks.get(block.blockId());
    if (known != block) {
      if (known != null) {
        forget(known); // of another version, which the fetch just proved stale
      }
      blocks.put(block.blockId(), block);
    }
    long present = block.presentBytes();
    bytes += present - counted.getOrDefault(block, 0L);
    counted.put(block, present);
    changes.changed(block.blockId(), present);
    for (Iterator<PartialBlock> eldest = blocks.values().iterator(); bytes > capacity && eldest.hasNext(); ) {
      PartialBlock victim = eldest.next();
      if (victim != block) {
        eldest.remove();
        forget(victim);
      }
    }
  }

  /** A block that left the map: its bytes no longer count and its file goes (open readers keep reading it). */
  private void forget(PartialBlock block) {
    if (counted.containsKey(block)) {
      changes.changed(block.blockId(), 0);
    }
    bytes -= counted.getOrDefault(block, 0L);
    counted.remove(block);
    deleteQuietly(block.file());
  }

  @Override
  public synchronized void close() {
    List<PartialBlock> all = new ArrayList<>(blocks.values());
    blocks.clear();
    all.forEach(this::forget);
  }

  private void deleteFiles() throws IOException {
    try (Stream<Path> leftovers = Files.list(dir)) {
      leftovers.forEach(PagedBlocks::deleteQuietly);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left behind; the directory is emptied at the next start
    }
  }
}
