package io.ferry.ufs.object;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A file system over an object store (S3, Azure Blob). Files are objects;
 * directories are key prefixes: a directory exists if some key lies below it
 * or it has a marker, a zero-byte object named {@code dir/} that
 * {@link #mkdirs} writes (and deletes write for a parent they would otherwise
 * make vanish), so that empty directories exist. Markers are never listed.
 *
 * <p>Rename is a copy and a delete of every object, so it is not atomic: a
 * failure half-way leaves objects at both places (never none). Listing pages
 * follow the store's key order; a page token is this class's own (the store's
 * page token plus a position in that page), so that pages have exactly the
 * size asked for.
 */
public class ObjectUnderFileSystem implements UnderFileSystem {
  private static final int DIRECTORY_MODE = 0755;
  private static final int FILE_MODE = 0644;
  private static final int MAX_STORE_PAGE = 1000;

  private final ObjectUris uris;
  private final String rootKey;
  private final ObjectStore store;
  private final int partSize;

  /**
   * @param rootUri the mount's root, below which every URI must lie
   * @param partSize the size of the parts of large uploads (and the largest single put)
   */
  public ObjectUnderFileSystem(ObjectUris uris, String rootUri, ObjectStore store, int partSize)
      throws FerryException {
    this.uris = uris;
    this.rootKey = uris.key(rootUri);
    this.store = store;
    this.partSize = partSize;
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    String key = key(uri);
    if (key.isEmpty()) {
      store.checkBucket();
      return Optional.of(directoryStatus(key));
    }
    Optional<ObjectInfo> file;
    try {
      file = store.head(key);
    } catch (FerryException e) {
      if (failedBelowAFile(e, key)) {
        return Optional.empty();
      }
      throw e;
    }
    if (file.isPresent()) {
      return Optional.of(fileStatus(file.get()));
    }
    return directoryExists(key) ? Optional.of(directoryStatus(key)) : Optional.empty();
  }

  @Override
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    if (pageSize <= 0) {
      throw FerryException.invalidArgument("Listing page size must be positive, got " + pageSize + " for " + dirUri);
    }
    String key = key(dirUri);
    String prefix = key.isEmpty() ? "" : key + "/";
    PagePosition position = pageToken == null
        ? new PagePosition(Math.min(pageSize + 1, MAX_STORE_PAGE), 0, null)
        : PagePosition.parse(pageToken, dirUri);
    List<UfsStatus> entries = new ArrayList<>();
    boolean sawAnything = false;
    while (true) {
      ObjectPage page = store.list(prefix, true, position.storeToken(), position.storePageSize());
      List<ObjectEntry> raw = page.entries();
      sawAnything |= !raw.isEmpty();
      for (int i = position.index(); i < raw.size(); i++) {
        ObjectEntry entry = raw.get(i);
        if (entry.key().equals(prefix)) {
          continue; // the directory's own marker
        }
        if (entries.size() == pageSize) {
          PagePosition next = new PagePosition(position.storePageSize(), i, position.storeToken());
          return new UfsListing(entries, next.format());
        }
        entries.add(entry.isPrefix() ? directoryStatus(entry.key()) : fileStatus(entry.info()));
      }
      if (page.nextToken() == null) {
        break;
      }
      position = new PagePosition(position.storePageSize(), 0, page.nextToken());
    }
    if (!sawAnything && pageToken == null) {
      checkListable(key, dirUri);
    }
    return new UfsListing(entries, null);
  }

  /** Why a directory with nothing below it and no marker cannot be listed. */
  private void checkListable(String key, String dirUri) throws IOException {
    if (key.isEmpty()) {
      store.checkBucket();
      return;
    }
    if (store.head(key).isPresent() || hasFileAncestor(key)) {
      throw FerryException.notADirectory(dirUri);
    }
    throw FerryException.notFound(dirUri);
  }

  @Override
  public UfsInputStream open(String uri, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw FerryException.invalidArgument("Invalid range (offset " + offset + ", length " + length + ") for " + uri);
    }
    String key = key(uri);
    Optional<UfsInputStream> in;
    try {
      in = key.isEmpty() ? Optional.empty() : store.get(key, offset, length);
    } catch (FerryException e) {
      if (failedBelowAFile(e, key)) {
        throw FerryException.notFound(uri);
      }
      throw e;
    }
    if (in.isPresent()) {
      return in.get();
    }
    if (key.isEmpty() || directoryExists(key)) {
      throw FerryException.isADirectory(uri);
    }
    throw FerryException.notFound(uri);
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    String key = key(uri);
    if (hasFileAncestor(key)) {
      throw notADirectoryParent(uri);
    }
    if (key.isEmpty() || directoryExists(key)) {
      throw FerryException.isADirectory(uri);
    }
    if (!overwrite && store.head(key).isPresent()) {
      throw FerryException.alreadyExists(uri);
    }
    return new ObjectOutputStream(store, key, uri, partSize,
        () -> store.head(key).map(this::fileStatus).orElseThrow(
            () -> new FerryException(ErrorCode.UFS_ERROR, "Wrote " + uri + " but the store does not show it")));
  }

  /** An object is written in place, so what a dead writer leaves is an open multipart upload. */
  @Override
  public int deleteTemporaries(String uri) throws IOException {
    return store.abortOpenUploads(key(uri));
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    String key = key(uri);
    if (hasFileAncestor(key)) {
      return false;
    }
    if (!key.isEmpty() && store.head(key).isPresent()) {
      store.delete(List.of(key));
      keepParent(key);
      return true;
    }
    if (key.isEmpty() || directoryExists(key)) {
      throw FerryException.isADirectory(uri);
    }
    return false;
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    String key = key(uri);
    if (hasFileAncestor(key)) {
      return false;
    }
    if (!key.isEmpty() && store.head(key).isPresent()) {
      throw FerryException.notADirectory(uri);
    }
    String prefix = key.isEmpty() ? "" : key + "/";
    if (!recursive) {
      List<ObjectEntry> some = store.list(prefix, false, null, 2).entries();
      if (some.stream().anyMatch(e -> !e.key().equals(prefix))) {
        throw new FerryException(ErrorCode.DIRECTORY_NOT_EMPTY, "Directory not empty: " + uri);
      }
    }
    List<String> keys = allKeysBelow(prefix);
    if (keys.isEmpty()) {
      return false;
    }
    store.delete(keys);
    keepParent(key);
    return true;
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    String src = key(srcUri);
    String dst = key(dstUri);
    UfsStatus source = getStatus(srcUri).orElseThrow(() -> FerryException.notFound(srcUri));
    if (src.isEmpty() || dst.equals(src) || dst.startsWith(src + "/")) {
      throw FerryException.invalidArgument("Cannot rename " + srcUri + " to itself or below itself: " + dstUri);
    }
    if (getStatus(dstUri).isPresent()) {
      throw FerryException.alreadyExists(dstUri);
    }
    if (hasFileAncestor(dst)) {
      throw notADirectoryParent(dstUri);
    }
    if (!source.directory()) {
      store.copy(src, dst);
      store.delete(List.of(src));
    } else {
      List<String> keys = allKeysBelow(src + "/");
      for (String k : keys) {
        store.copy(k, dst + k.substring(src.length()));
      }
      store.delete(keys); // only once everything is copied: a failure never loses data
    }
    keepParent(src);
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    String key = key(uri);
    if (key.isEmpty()) {
      store.checkBucket();
      return;
    }
    if (hasFileAncestor(key)) {
      throw notADirectoryParent(uri);
    }
    if (store.head(key).isPresent()) {
      throw FerryException.alreadyExists(uri);
    }
    if (directoryExists(key)) {
      return;
    }
    store.put(key + "/", new byte[0], 0);
  }

  @Override
  public void close() throws IOException {
    store.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + uris.uri(rootKey) + ")";
  }

  private String key(String uri) throws FerryException {
    String key = uris.key(uri);
    if (!isWithinRoot(key)) {
      throw FerryException.invalidArgument("'" + uri + "' is outside the under storage root '" + uris.uri(rootKey) + "'");
    }
    return key;
  }

  private boolean isWithinRoot(String key) {
    return rootKey.isEmpty() || key.equals(rootKey) || key.startsWith(rootKey + "/");
  }

  private boolean directoryExists(String key) throws IOException {
    return !store.list(key + "/", false, null, 1).entries().isEmpty();
  }

  /**
   * True if a file sits where an ancestor directory of {@code key} (at or
   * below the root) should be. Walks from the top down, because stores kept
   * on a file system (S3Proxy's) fail, rather than say "none", on a key below
   * a file.
   */
  private boolean hasFileAncestor(String key) throws IOException {
    for (int slash = key.indexOf('/', rootKey.isEmpty() ? 0 : rootKey.length()); slash > 0;
        slash = key.indexOf('/', slash + 1)) {
      if (store.head(key.substring(0, slash)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** True if a store failed on {@code key} because a file sits above it (see {@link #hasFileAncestor}). */
  private boolean failedBelowAFile(FerryException e, String key) throws IOException {
    return e.code() == ErrorCode.UFS_ERROR && hasFileAncestor(key);
  }

  /** Writes a marker for the parent of a removed key if nothing else keeps the parent in existence. */
  private void keepParent(String key) throws IOException {
    int slash = key.lastIndexOf('/');
    if (slash > 0 && isWithinRoot(key.substring(0, slash)) && !directoryExists(key.substring(0, slash))) {
      store.put(key.substring(0, slash + 1), new byte[0], 0);
    }
  }

  private List<String> allKeysBelow(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      ObjectPage page = store.list(prefix, false, token, MAX_STORE_PAGE);
      page.entries().forEach(e -> keys.add(e.key()));
      token = page.nextToken();
    } while (token != null);
    return keys;
  }

  private UfsStatus fileStatus(ObjectInfo info) {
    return new UfsStatus(nameOf(info.key()), false, info.length(), info.mtimeMs(), info.etag(), "", "", FILE_MODE);
  }

  private static UfsStatus directoryStatus(String key) {
    return new UfsStatus(nameOf(key), true, 0, 0, "", "", "", DIRECTORY_MODE);
  }

  /** The last component of a key or common prefix, without a trailing '/'. */
  private static String nameOf(String key) {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  private static FerryException notADirectoryParent(String uri) {
    return new FerryException(ErrorCode.NOT_A_DIRECTORY, "Not a directory (a parent is a file): " + uri);
  }

  /**
   * Where a listing goes on: at entry {@code index} of the store's page of
   * {@code storePageSize} entries that {@code storeToken} (null: the first)
   * starts. Formatted as "size:index:token".
   */
  private record PagePosition(int storePageSize, int index, String storeToken) {
    String format() {
      return storePageSize + ":" + index + ":" + (storeToken == null ? "" : storeToken);
    }

    static PagePosition parse(String token, String dirUri) throws FerryException {
      String[] parts = token.split(":", 3);
      try {
        if (parts.length == 3) {
          int size = Integer.parseInt(parts[0]);
          int index = Integer.parseInt(parts[1]);
          if (size > 0 && index >= 0) {
            return new PagePosition(size, index, parts[2].isEmpty() ? null : parts[2]);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw FerryException.invalidArgument("Malformed listing page token for " + dirUri);
    }
  }
}
