package io.ferry.ufs.metrics;

import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * An under storage whose every call is timed and counted for its mount
 * ({@link UfsMetrics}); the bytes of its streams are counted as they flow
 * (a stream's open is timed, not the reads that follow).
 */
final class MeteredUnderFileSystem implements UnderFileSystem {
  private final UnderFileSystem ufs;
  private final CountedUfsCalls.Calls calls;

  MeteredUnderFileSystem(UnderFileSystem ufs, CountedUfsCalls.Calls calls) {
    this.ufs = ufs;
    this.calls = calls;
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    return calls.timed("get_status", () -> ufs.getStatus(uri));
  }

  @Override
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    return calls.timed("list", () -> ufs.list(dirUri, pageToken, pageSize));
  }

  @Override
  public UfsInputStream open(String uri, long offset, long length) throws IOException {
    UfsInputStream in = calls.timed("open", () -> ufs.open(uri, offset, length));
    return in.through(new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          calls.read(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          calls.read(n);
        }
        return n;
      }
    });
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    return new CountedOutput(uri, calls.timed("create", () -> ufs.create(uri, overwrite)), calls);
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    return calls.timed("delete_file", () -> ufs.deleteFile(uri));
  }

  @Override
  public int deleteTemporaries(String uri) throws IOException {
    return calls.timed("delete_temporaries", () -> ufs.deleteTemporaries(uri));
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    return calls.timed("delete_directory", () -> ufs.deleteDirectory(uri, recursive));
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    calls.timed("rename", () -> {
      ufs.rename(srcUri, dstUri);
      return null;
    });
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    calls.timed("mkdirs", () -> {
      ufs.mkdirs(uri);
      return null;
    });
  }

  @Override
  public void close() throws IOException {
    ufs.close();
  }

  /** A file being written, its bytes counted; publishing it (the close) is timed as "publish". */
  private static final class CountedOutput extends UfsOutputStream {
    private final UfsOutputStream out;
    private final CountedUfsCalls.Calls calls;

    CountedOutput(String uri, UfsOutputStream out, CountedUfsCalls.Calls calls) {
      super(uri);
      this.out = out;
      this.calls = calls;
    }

    @Override
    protected void writeBytes(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      calls.written(len);
    }

    @Override
    protected void flushBytes() throws IOException {
      out.flush();
    }

    @Override
    protected UfsStatus publish() throws IOException {
      return calls.timed("publish", () -> {
        out.close();
        return out.status();
      });
    }

    @Override
    protected void discard() {
      try {
        out.abort();
      } catch (IOException e) {
        // abort() only discards, which logs rather than throws; nothing more to do here
      }
    }
  }
}
