package io.ferry.ufs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The checks every under storage with real directories (a local directory,
 * HDFS) makes the same way, before it asks its file system: a URI below the
 * root, a valid range or page size, what may be created, deleted or renamed
 * over what. A backend supplies the file system's own operations on its path
 * type {@code P}, and the translation of its errors into FerryExceptions
 * naming the URI.
 */
public abstract class HierarchicalUnderFileSystem<P> implements UnderFileSystem {
  /** What a path names. */
  protected enum Kind {
    NONE,
    FILE,
    DIRECTORY,
    /** A symbolic link to nothing: only where links are followed. */
    BROKEN_LINK
  }

  protected final String rootUri;
  private final P root;

  protected HierarchicalUnderFileSystem(String rootUri) throws FerryException {
    this.rootUri = rootUri;
    this.root = toPath(rootUri);
  }

  // ---- what a backend supplies ----

  /**
   * The path of a URI; INVALID_ARGUMENT if it is not one of this backend's.
   * Called by the constructor (for the root), so it must not use the backend's fields.
   */
  protected abstract P toPath(String uri) throws FerryException;

  /** True if {@code path} is {@code ancestor} or below it. */
  protected abstract boolean isAtOrBelow(P path, P ancestor);

  /**
   * What is at {@code path}: with {@code followLinks}, what a link points to;
   * without, the entry itself (a link is a FILE). NONE also when a parent is a file.
   */
  protected abstract Kind kind(P path, boolean followLinks) throws IOException;

  /** The FerryException for a failure on {@code path}, naming {@code uri}; a FerryException as it is. */
  protected abstract FerryException translate(IOException e, P path, String uri);

  protected abstract Optional<UfsStatus> status(P path) throws IOException;

  protected abstract UfsListing listPage(P dir, String dirUri, String pageToken, int pageSize) throws IOException;

  /** Opens a range already checked to be valid; fails NOT_FOUND or IS_A_DIRECTORY naming {@code uri}. */
  protected abstract InputStream openRange(P path, String uri, long offset, long length) throws IOException;

  /** The stream of a new file whose parent directory exists. */
  protected abstract UfsOutputStream newFile(P path, String uri, boolean overwrite) throws IOException;

  /** Deletes a file known to be there; false if it went meanwhile. */
  protected abstract boolean deleteExistingFile(P path) throws IOException;

  /** Deletes a directory known to be there; DIRECTORY_NOT_EMPTY if it has children and not recursive. */
  protected abstract boolean deleteExistingDirectory(P path, String uri, boolean recursive) throws IOException;

  /** Moves {@code src} to a destination that did not exist and whose parent does. */
  protected abstract void move(P src, P dst, String srcUri, String dstUri) throws IOException;

  /** Creates a directory and its parents; a file in the way is {@link #parentIsAFile}. */
  protected abstract void makeDirectories(P dir, String uri) throws IOException;

  /** The parent of a path, or null at the file system's root. */
  protected abstract P parent(P path);

  // ---- the checks ----

  @Override
  public final Optional<UfsStatus> getStatus(String uri) throws IOException {
    return at(uri, this::status);
  }

  @Override
  public final UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    if (pageSize <= 0) {
      throw FerryException.invalidArgument("Listing page size must be positive, got " + pageSize + " for " + dirUri);
    }
    return at(dirUri, dir -> listPage(dir, dirUri, pageToken, pageSize));
  }

  @Override
  public final UfsInputStream open(String uri, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw FerryException.invalidArgument("Invalid range (offset " + offset + ", length " + length + ") for " + uri);
    }
    return at(uri, path -> new UfsInputStream(openRange(path, uri, offset, length), () -> fingerprintNow(path, uri)));
  }

  /**
   * The file's fingerprint when its bytes have been read: it tells the version
   * read, since a change while (or before) reading changes the fingerprint too.
   */
  private String fingerprintNow(P path, String uri) throws IOException {
    return at(uri, p -> status(path)).map(UfsStatus::fingerprint).orElse(UfsInputStream.GONE);
  }

  @Override
  public final UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    return at(uri, path -> {
      Kind existing = kind(path, true);
      if (existing == Kind.DIRECTORY) {
        throw FerryException.isADirectory(uri);
      }
      if (existing != Kind.NONE && !overwrite) {
        throw FerryException.alreadyExists(uri);
      }
      makeParent(path, uri);
      return newFile(path, uri, overwrite);
    });
  }

  @Override
  public final boolean deleteFile(String uri) throws IOException {
    return at(uri, path -> switch (kind(path, false)) {
      case NONE -> false;
      case DIRECTORY -> throw FerryException.isADirectory(uri);
      default -> deleteExistingFile(path);
    });
  }

  @Override
  public final boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    return at(uri, path -> switch (kind(path, false)) {
      case NONE -> false;
      case DIRECTORY -> deleteExistingDirectory(path, uri, recursive);
      default -> throw FerryException.notADirectory(uri);
    });
  }

  @Override
  public final void rename(String srcUri, String dstUri) throws IOException {
    P src = resolve(srcUri);
    P dst = resolve(dstUri);
    try {
      if (kind(src, false) == Kind.NONE) {
        throw FerryException.notFound(srcUri);
      }
      if (isAtOrBelow(dst, src)) {
        throw FerryException.invalidArgument("Cannot rename " + srcUri + " to itself or below itself: " + dstUri);
      }
      if (kind(dst, false) != Kind.NONE) {
        throw FerryException.alreadyExists(dstUri);
      }
      makeParent(dst, dstUri);
      move(src, dst, srcUri, dstUri);
    } catch (IOException e) {
      throw translate(e, src, srcUri + " -> " + dstUri);
    }
  }

  @Override
  public final void mkdirs(String uri) throws IOException {
    at(uri, path -> switch (kind(path, true)) {
      case DIRECTORY -> null;
      case NONE -> {
        makeDirectories(path, uri);
        yield null;
      }
      default -> throw FerryException.alreadyExists(uri);
    });
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + rootUri + ")";
  }

  /** The NOT_A_DIRECTORY failure of a path below a file. */
  public static FerryException parentIsAFile(String uri, Throwable cause) {
    return new FerryException(ErrorCode.NOT_A_DIRECTORY, "Not a directory (a parent is a file): " + uri, cause);
  }

  public static FerryException directoryNotEmpty(String uri, Throwable cause) {
    return new FerryException(ErrorCode.DIRECTORY_NOT_EMPTY, "Directory not empty: " + uri, cause);
  }

  /** An operation on the path of one URI. */
  @FunctionalInterface
  private interface PathCall<P, T> {
    T run(P path) throws IOException;
  }

  /** Runs {@code call} on the path of {@code uri}, its failures translated to name {@code uri}. */
  private <T> T at(String uri, PathCall<P, T> call) throws IOException {
    P path = resolve(uri);
    try {
      return call.run(path);
    } catch (IOException e) {
      throw translate(e, path, uri);
    }
  }

  private P resolve(String uri) throws FerryException {
    P path = toPath(uri);
    if (!isAtOrBelow(path, root)) {
      throw FerryException.invalidArgument("'" + uri + "' is outside the under storage root '" + rootUri + "'");
    }
    return path;
  }

  private void makeParent(P path, String uri) throws IOException {
    P parent = parent(path);
    if (parent != null) {
      makeDirectories(parent, uri);
    }
  }
}
