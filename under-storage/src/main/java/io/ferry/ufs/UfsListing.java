package io.ferry.ufs;

import java.util.List;

/** One page of a directory listing; {@code nextPageToken} is null on the last page. */
public record UfsListing(List<UfsStatus> entries, String nextPageToken) {}
