package io.ferry.master.metastore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * RocksDB key layout. Ids are big-endian so keys sort by id, and edges are
 * (parent id, child name) so a directory's children are one prefix scan in
 * name (UTF-8 byte) order.
 */
final class Keys {
  static final byte INODE = 1;
  static final byte EDGE = 2;
  static final byte MOUNT = 3;
  static final byte META = 4;
  static final byte REQUEST = 5;
  static final byte LOAD_JOB = 6;
  /** Files not yet complete (being written, or left so by a crash), for their lease recovery. */
  static final byte INCOMPLETE = 7;
  /** Inodes with a time to live, by when it ends then id, so the expired ones are the first keys. */
  static final byte TTL = 8;
  /** Pinned files by id, each with its length and replication factor (what its copies take). */
  static final byte PINNED = 9;
  /** Files whose persist job is pending (ASYNC_THROUGH, `ferry fs persist`), by id. */
  static final byte PERSIST_PENDING = 10;
  /** Applied request ids by when they were applied, then id, so the oldest are the first keys. */
  static final byte REQUEST_AGE = 11;

  static final byte[] NEXT_INODE_ID = meta("next_inode_id");
  static final byte[] NEXT_MOUNT_ID = meta("next_mount_id");
  static final byte[] INODE_COUNT = meta("inode_count");
  /** HA: the Raft log index of the last applied batch. */
  static final byte[] APPLIED_INDEX = meta("applied_index");

  private Keys() {}

  static byte[] inode(long id) {
    return ByteBuffer.allocate(9).put(INODE).putLong(id).array();
  }

  static byte[] mount(long mountId) {
    return ByteBuffer.allocate(9).put(MOUNT).putLong(mountId).array();
  }

  static byte[] mountPrefix() {
    return new byte[] {MOUNT};
  }

  static byte[] loadJob(long jobId) {
    return ByteBuffer.allocate(9).put(LOAD_JOB).putLong(jobId).array();
  }

  static byte[] incomplete(long fileId) {
    return ByteBuffer.allocate(9).put(INCOMPLETE).putLong(fileId).array();
  }

  static byte[] incompletePrefix() {
    return new byte[] {INCOMPLETE};
  }

  static byte[] ttl(long expiryMs, long id) {
    return ByteBuffer.allocate(17).put(TTL).putLong(expiryMs).putLong(id).array();
  }

  static byte[] ttlPrefix() {
    return new byte[] {TTL};
  }

  static byte[] pinned(long fileId) {
    return ByteBuffer.allocate(9).put(PINNED).putLong(fileId).array();
  }

  static byte[] pinnedPrefix() {
    return new byte[] {PINNED};
  }

  static byte[] persistPending(long fileId) {
    return ByteBuffer.allocate(9).put(PERSIST_PENDING).putLong(fileId).array();
  }

  static byte[] persistPendingPrefix() {
    return new byte[] {PERSIST_PENDING};
  }

  static byte[] pinnedValue(long length, int replication) {
    return ByteBuffer.allocate(12).putLong(length).putInt(replication).array();
  }

  static byte[] loadJobPrefix() {
    return new byte[] {LOAD_JOB};
  }

  static byte[] edgePrefix(long parentId) {
    return ByteBuffer.allocate(9).put(EDGE).putLong(parentId).array();
  }

  static byte[] edge(long parentId, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + n.length).put(EDGE).putLong(parentId).put(n).array();
  }

  static String edgeName(byte[] key) {
    return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
  }

  static byte[] request(String requestId) {
    byte[] n = requestId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + n.length).put(REQUEST).put(n).array();
  }

  static byte[] requestAge(long doneMs, String requestId) {
    byte[] n = requestId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + n.length).put(REQUEST_AGE).putLong(doneMs).put(n).array();
  }

  static byte[] requestAgePrefix() {
    return new byte[] {REQUEST_AGE};
  }

  static byte[] meta(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + n.length).put(META).put(n).array();
  }

  static byte[] longValue(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long toLong(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  static boolean hasPrefix(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
