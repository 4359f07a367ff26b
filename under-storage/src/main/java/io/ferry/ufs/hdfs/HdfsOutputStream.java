package io.ferry.ufs.hdfs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an HDFS file to a hidden temp file beside it and renames it into
 * place on close, so readers never see a partial file. A failed or aborted
 * write deletes the temp file.
 */
final class HdfsOutputStream extends UfsOutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(HdfsOutputStream.class);
  private static final String TEMP_MARKER = ".ferry-tmp-";

  interface StatusReader {
    UfsStatus read() throws IOException;
  }

  private final FileSystem fs;
  private final Path target;
  private final Path temp;
  private final String uri;
  private final boolean overwrite;
  private final FSDataOutputStream out;
  private final HdfsErrors errors;
  private final StatusReader statusReader;

  HdfsOutputStream(FileSystem fs, Path target, String uri, boolean overwrite, HdfsErrors errors,
      StatusReader statusReader) throws IOException {
    super(uri);
    this.fs = fs;
    this.target = target;
    this.temp = new Path(target.getParent(), tempPrefix(target.getName())
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    this.uri = uri;
    this.overwrite = overwrite;
    this.errors = errors;
    this.statusReader = statusReader;
    this.out = fs.create(temp, false);
  }

  /** What the names of the temp files of a file named {@code name} start with. */
  static String tempPrefix(String name) {
    return "." + name + TEMP_MARKER;
  }

  static boolean isTempName(String name) {
    return name.startsWith(".") && name.contains(TEMP_MARKER);
  }

  @Override
  protected void writeBytes(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  protected UfsStatus publish() throws IOException {
    out.close();
    moveIntoPlace();
    return statusReader.read();
  }

  @Override
  protected IOException translate(IOException e) {
    return errors.translate(e, uri);
  }

  private void moveIntoPlace() throws IOException {
    if (overwrite && fs instanceof DistributedFileSystem dfs) {
      dfs.rename(temp, target, Options.Rename.OVERWRITE); // atomic replace on the NameNode
    } else if (overwrite) {
      fs.delete(target, false);
      rename();
    } else {
      rename();
    }
  }

  private void rename() throws IOException {
    if (!fs.rename(temp, target)) {
      throw fs.exists(target) ? FerryException.alreadyExists(uri)
          : new FerryException(ErrorCode.UFS_ERROR, "HDFS refused to rename the written file into " + uri);
    }
  }

  @Override
  protected void discard() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("Closing the temp file of {} failed", uri, e);
    }
    try {
      fs.delete(temp, false);
    } catch (IOException e) {
      LOG.warn("Could not remove temp file {} of an unfinished write to {}: {}", temp, uri, e.toString());
    }
  }
}
