package io.ferry.ufs.object;

import java.util.List;

/** One page of a store's own listing, in key order; {@code nextToken} is null on the last page. */
public record ObjectPage(List<ObjectEntry> entries, String nextToken) {}
