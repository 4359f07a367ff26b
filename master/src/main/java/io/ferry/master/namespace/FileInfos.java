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
    Mount mount = mounts.mountOf(path);
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
        .setTtlAction(inode.getTtlAction());
    if (!inode.getDirectory() && inode.getBlockSize() > 0) {
      addBlocks(b, inode, includeBlocks);
    }
    return b.build();
  }

  /** The file's cached bytes and, when asked for, its blocks with the live workers that hold them. */
  private void addBlocks(FileInfo.Builder b, InodeRecord inode, boolean includeBlocks) {
    long cached = 0;
    int count = BlockIds.count(inode.getLength(), inode.getBlockSize());
    for (int i = 0; i < count; i++) {
      long blockId = BlockIds.of(inode.getId(), i);
      long offset = i * inode.getBlockSize();
      BlockInfo.Builder block = BlockInfo.newBuilder()
          .setBlockId(blockId)
          .setOffset(offset)
          .setLength(Math.min(inode.getBlockSize(), inode.getLength() - offset));
      for (long w : locations.workersOf(blockId)) {
        workers.liveAddress(w).ifPresent(block::addLocations);
      }
      if (block.getLocationsCount() > 0) {
        cached += block.getLength();
      }
      if (includeBlocks) {
        b.addBlocks(block);
      }
    }
    b.setCachedBytes(cached);
  }
}
