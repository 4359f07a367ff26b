package io.ferry.ufs.object;

/** What an object store says of one object. {@code etag} changes whenever the content does. */
public record ObjectInfo(String key, long length, long mtimeMs, String etag) {}
