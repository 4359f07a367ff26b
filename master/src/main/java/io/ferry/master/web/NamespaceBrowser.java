package io.ferry.master.web;

import io.ferry.common.error.ErrorCode;
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
      out.addEntries(CachedEntries.of(entry.getIsDirectory() ? entry : withBlocks(entry)));
    }
    return out.build();
  }

  /** The file with its blocks, to count what is cached; as listed when the caller may not read it. */
  private FileInfo withBlocks(FileInfo file) throws FerryException {
    try {
      return fs.getStatus(GetStatusRequest.newBuilder().setPath(file.getPath()).setIncludeBlocks(true).build());
    } catch (FerryException e) {
      if (e.code() != ErrorCode.PERMISSION_DENIED) {
        throw e;
      }
      return file;
    }
  }

  /** Stops a listing once the page holds {@code limit} entries: the rest of a large directory is not read. */
  private static final class PageFull extends RuntimeException {
    PageFull() {
      super(null, null, false, false);
    }
  }
}
