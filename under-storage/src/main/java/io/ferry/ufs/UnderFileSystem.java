package io.ferry.ufs;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * One under storage (a local directory, an S3 bucket, an Azure container, an
 * HDFS cluster) as Ferry uses it. An instance is made per mount by
 * {@link UnderFileSystems#create}; every method takes full URIs below the
 * mount's root URI (for a local directory, {@code file:///abs/path} or
 * {@code /abs/path}).
 *
 * <p>Errors: an absent path is {@code Optional.empty()} or {@code false} where
 * the signature allows, else a {@link io.ferry.common.error.FerryException}
 * with code NOT_FOUND, ALREADY_EXISTS, NOT_A_DIRECTORY, DIRECTORY_NOT_EMPTY,
 * PERMISSION_DENIED or UFS_ERROR whose message names the URI.
 *
 * <p>Implementations are safe for concurrent use: one instance serves a
 * mount for all of a process's threads. Every backend passes the contract
 * suite {@code io.ferry.ufs.UnderFileSystemContractTest} (this module's
 * test-jar).
 */
public interface UnderFileSystem extends Closeable {

  /** The status of a file or directory, or empty if nothing exists there. */
  Optional<UfsStatus> getStatus(String uri) throws IOException;

  /**
   * One page of the direct children of a directory, in ascending name order.
   * Pass {@code pageToken} null for the first page and then each listing's
   * {@link UfsListing#nextPageToken()} until it is null.
   */
  UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException;

  /**
   * Reads {@code length} bytes of a file from {@code offset} ({@code length}
   * -1: to the end). Reading past the end returns what there is. The stream
   * tells the fingerprint of the version it read, which differs from a
   * status's taken before the file changed.
   */
  UfsInputStream open(String uri, long offset, long length) throws IOException;

  /**
   * Creates a file, written as a stream. The file appears (with its full
   * contents) when the stream is closed; {@link UfsOutputStream#status()}
   * then tells its length and fingerprint. Missing parent directories are
   * created. Fails with ALREADY_EXISTS unless {@code overwrite}.
   */
  UfsOutputStream create(String uri, boolean overwrite) throws IOException;

  /** Deletes a file; false if there was none. */
  boolean deleteFile(String uri) throws IOException;

  /**
   * Deletes what creates of {@code uri} that never finished left behind (a
   * writer killed before it closed or aborted its stream); how many files.
   * Only for a file no stream is writing any more.
   */
  default int deleteTemporaries(String uri) throws IOException {
    return 0;
  }

  /**
   * Deletes a directory, with its contents when {@code recursive}; false if
   * there was none; DIRECTORY_NOT_EMPTY if it has children and not recursive.
   */
  boolean deleteDirectory(String uri, boolean recursive) throws IOException;

  /**
   * Renames a file or directory. The destination must not exist; its parent
   * is created if missing. Not atomic on object stores (copy + delete).
   */
  void rename(String srcUri, String dstUri) throws IOException;

  /** Creates a directory and its missing parents; fine if it exists already. */
  void mkdirs(String uri) throws IOException;
}
