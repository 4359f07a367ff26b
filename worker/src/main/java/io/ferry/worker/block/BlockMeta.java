package io.ferry.worker.block;

import java.nio.file.Path;

/**
 * A cached block: its length, the UFS fingerprint it was read from ("" if
 * never persisted), its file and the CRC32C of its bytes.
 */
public record BlockMeta(long blockId, long length, String fingerprint, Path path, long crc) {}
