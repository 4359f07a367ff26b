package io.ferry.master.web;

import io.ferry.common.error.FerryException;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.web.WebListing;
import java.util.ArrayList;
import java.util.List;

/** The web UI's namespace browser: the first entries of a directory with how much of each file is cached. */
final class NamespaceBrowser {
  private final FileSystemMaster fs;
  private final int limit;

  /** Shows at most {@code limit} entries of a directory. */
  NamespaceBrowser(FileSystemMaster fs, int limit) {
    this.fs = fs;
    this.limit = limit;
  }

  WebListing list(String path) throws FerryException {
    List<FileInfo> entries = new ArrayList<>();
    boolean truncated = false;
    try {
      fs.listStatus(ListStatusRequest.newBuilder().setPath(path).setPageSize(limit + 1).build(), page -> {
        for (FileInfo entry : page) {
          if (entries.size() == limit) {
            throw new PageFull();
          }
          entries.add(entry);
        }
      });
    } catch (PageFull e) {
      truncated = true;
    }
    WebListing.Builder out = WebListing.newBuilder().setPath(path).setTruncated(truncated);
    for (FileInfo entry : entries) {
      out.addEntries(entry.getIsDirectory() ? CachedEntries.of(entry) : CachedEntries.of(fs.getStatus(
          GetStatusRequest.newBuilder().setPath(entry.getPath()).setIncludeBlocks(true).build())));
    }
    return out.build();
  }

  /** Stops a listing once the page holds {@code limit} entries: the rest of a large directory is not read. */
  private static final class PageFull extends RuntimeException {
    PageFull() {
      super(null, null, false, false);
    }
  }
}
