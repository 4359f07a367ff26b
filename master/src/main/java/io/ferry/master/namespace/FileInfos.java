package io.ferry.master.namespace;

import io.ferry.common.BlockIds;
import io.ferry.common.FerryPath;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountTable;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.WorkerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns inodes into the wire's FileInfo, with block locations on request. */
final class FileInfos {
  private final MountTable mounts;
  private final BlockLocations locations;
  private final WorkerRegistry workers;

  FileInfos(MountTable mounts, BlockLocations locations, WorkerRegistry workers) {
    this.mounts = mounts;
    this.locations = locations;
    this.workers = workers;
  }

  FileInfo of(InodeRecord inode, String path, boolean includeBlocks) {
    return of(inode, path, mounts.mountOf(path), includeBlocks);
  }

  /**
   * The entries of a listing of {@code dirPath}: the directory's mount is found once for all of
   * them (a child that is a mount point has its own), not by a walk up the path for each child.
   */
  Function<InodeRecord, FileInfo> childrenOf(String dirPath) {
    Mount dirMount = mounts.mountOf(dirPath);
    return child -> {
      String path = FerryPath.join(dirPath, child.getName());
      return of(child, path, mounts.mountAt(path).orElse(dirMount), false);
    };
  }

  private FileInfo of(InodeRecord inode, String path, Mount mount, boolean includeBlocks) {
    FileInfo.Builder b = FileInfo.newBuilder()
        .setId(inode.getId())
        .setPath(path)
        .setName(FerryPath.name(path))
        .setIsDirectory(inode.getDirectory())
        .setLength(inode.getLength())
        .setBlockSize(inode.getBlockSize())
        .setMtimeMs(inode.getMtimeMs())
        .setOwner(inode.getOwner())
        .setGroup(inode.getGroup())
        .setMode(inode.getMode())
        .setUfsUri(mount.ufsUri(path))
        .setMountId(mount.id())
        .setFingerprint(inode.getUfsFingerprint())
        .setComplete(inode.getComplete())
        .setPersisted(inode.getPersisted())
        .setReplication(inode.getReplication())
        .setMountPoint(mount.ferryPath().equals(path))
        .setTtlExpiryMs(inode.getTtlExpiryMs())
        .setTtlAction(inode.getTtlAction())
        .setPinned(inode.getPinned());
    if (!inode.getDirectory() && inode.getBlockSize() > 0) {
      if (includeBlocks) {
        addBlocks(b, inode);
      } else {
        b.setCachedBytes(cachedBytes(inode));
      }
    }
    return b.build();
  }

  /** Bytes of a file's blocks that at least one live worker holds, whole or in part. */
  long cachedBytes(InodeRecord file) {
    long cached = 0;
    for (int i = 0; i < BlockIds.count(file.getLength(), file.getBlockSize()); i++) {
      long blockId = BlockIds.of(file.getId(), i);
      cached += cachedBytes(blockId, blockLength(file, i), !liveHolders(blockId).isEmpty());
    }
    return cached;
  }

  /** The file's blocks with the live workers that hold them, and its cached bytes. */
  private void addBlocks(FileInfo.Builder b, InodeRecord file) {
    long cached = 0;
    for (int i = 0; i < BlockIds.count(file.getLength(), file.getBlockSize()); i++) {
      long blockId = BlockIds.of(file.getId(), i);
      List<WorkerAddress> holders = liveHolders(blockId);
      BlockInfo block = BlockInfo.newBuilder()
          .setBlockId(blockId)
          .setOffset(i * file.getBlockSize())
          .setLength(blockLength(file, i))
          .addAllLocations(holders)
          .setCachedBytes(cachedBytes(blockId, blockLength(file, i), !holders.isEmpty()))
          .build();
      cached += block.getCachedBytes();
      b.addBlocks(block);
    }
    b.setCachedBytes(cached);
  }

  private List<WorkerAddress> liveHolders(long blockId) {
    List<WorkerAddress> holders = new ArrayList<>();
    for (long w : locations.workersOf(blockId)) {
      workers.liveAddress(w).ifPresent(holders::add);
    }
    return holders;
  }

  /**
   * A block's cached bytes: all of it when a live worker holds it whole, else
   * the most pages one live worker holds (partial copies on several workers
   * may hold the same pages, so they are not summed).
   */
  private long cachedBytes(long blockId, long length, boolean heldWhole) {
    if (heldWhole) {
      return length;
    }
    long most = 0;
    for (Map.Entry<Long, Long> holder : locations.partialHoldersOf(blockId).entrySet()) {
      if (workers.isLive(holder.getKey())) {
        most = Math.max(most, Math.min(length, holder.getValue()));
      }
    }
    return most;
  }

  private static long blockLength(InodeRecord file, int index) {
    return Math.min(file.getBlockSize(), file.getLength() - index * file.getBlockSize());
  }
}
