package io.ferry.ufs;

/**
 * What an under storage says of one file or directory. {@code fingerprint}
 * changes whenever the file's content may have changed (length + mtime for
 * file systems, the ETag for object stores).
 */
public record UfsStatus(
    String name,
    boolean directory,
    long length,
    long mtimeMs,
    String fingerprint,
    String owner,
    String group,
    int mode) {}
