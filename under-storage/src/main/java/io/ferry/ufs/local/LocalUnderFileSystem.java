package io.ferry.ufs.local;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * An under storage over a local (or locally mounted) directory. URIs are
 * {@code file:///abs/path} or {@code /abs/path} and must lie below the root;
 * symbolic links are followed for reads and status, never by deletes.
 */
public final class LocalUnderFileSystem implements UnderFileSystem {
  private final String rootUri;
  private final Path root;

  public LocalUnderFileSystem(String rootUri) throws FerryException {
    this.rootUri = rootUri;
    this.root = LocalUris.toPath(rootUri);
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      return LocalStatuses.read(path, LocalStatuses.nameOf(path));
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  @Override
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    if (pageSize <= 0) {
      throw FerryException.invalidArgument("Listing page size must be positive, got " + pageSize + " for " + dirUri);
    }
    Path dir = resolve(dirUri);
    try {
      List<String> names = namesAfter(dir, pageToken, pageSize + 1);
      boolean more = names.size() > pageSize;
      List<String> page = more ? names.subList(0, pageSize) : names;
      List<UfsStatus> entries = new ArrayList<>(page.size());
      for (String name : page) {
        // A child removed since the scan (or a dangling link) is left out.
        LocalStatuses.read(dir.resolve(name), name).ifPresent(entries::add);
      }
      return new UfsListing(entries, more ? page.get(page.size() - 1) : null);
    } catch (IOException e) {
      throw LocalErrors.translate(e, dir, dirUri);
    }
  }

  /**
   * The first {@code limit} names in {@code dir} after {@code token}, ascending,
   * without temp files. One scan keeping a bounded heap, so a page costs
   * O(children log limit) time and O(limit) memory however large the directory.
   */
  private static List<String> namesAfter(Path dir, String token, int limit) throws IOException {
    PriorityQueue<String> largestFirst = new PriorityQueue<>(limit, Comparator.reverseOrder());
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (LocalOutputStream.isTempName(name) || (token != null && name.compareTo(token) <= 0)) {
          continue;
        }
        if (largestFirst.size() < limit) {
          largestFirst.add(name);
        } else if (name.compareTo(largestFirst.peek()) < 0) {
          largestFirst.poll();
          largestFirst.add(name);
        }
      }
    }
    List<String> names = new ArrayList<>(largestFirst);
    names.sort(null);
    return names;
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw FerryException.invalidArgument(
          "Invalid range (offset " + offset + ", length " + length + ") for " + uri);
    }
    Path path = resolve(uri);
    try {
      if (Files.isDirectory(path)) {
        throw FerryException.isADirectory(uri);
      }
      return new RangeInputStream(FileChannel.open(path), offset, length);
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    Path path = resolve(uri);
    try {
      if (Files.isDirectory(path)) {
        throw FerryException.isADirectory(uri);
      }
      if (!overwrite && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw FerryException.alreadyExists(uri);
      }
      createParents(path, uri);
      return LocalOutputStream.open(path, uri, overwrite);
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  @Override
  public int deleteTemporaries(String uri) throws IOException {
    Path path = resolve(uri);
    String prefix = LocalOutputStream.tempPrefix(path.getFileName().toString());
    int deleted = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(path.getParent(),
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path temp : temps) {
        deleted += Files.deleteIfExists(temp) ? 1 : 0;
      }
    } catch (NoSuchFileException e) {
      return 0; // no directory: nothing left behind
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
    return deleted;
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<BasicFileAttributes> attributes = linkAttributes(path);
      if (attributes.isEmpty()) {
        return false;
      }
      if (attributes.get().isDirectory()) {
        throw FerryException.isADirectory(uri);
      }
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<BasicFileAttributes> attributes = linkAttributes(path);
      if (attributes.isEmpty()) {
        return false;
      }
      if (!attributes.get().isDirectory()) {
        throw FerryException.notADirectory(uri);
      }
      if (recursive) {
        deleteTree(path);
      } else {
        Files.delete(path);
      }
      return true;
    } catch (NoSuchFileException e) {
      return false; // removed by someone else meanwhile
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  /** Deletes a directory tree bottom-up; links are removed, never followed. */
  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    Path src = resolve(srcUri);
    Path dst = resolve(dstUri);
    try {
      if (linkAttributes(src).isEmpty()) {
        throw FerryException.notFound(srcUri);
      }
      if (dst.startsWith(src)) {
        throw FerryException.invalidArgument("Cannot rename " + srcUri + " to itself or below itself: " + dstUri);
      }
      if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
        throw FerryException.alreadyExists(dstUri);
      }
      createParents(dst, dstUri);
      Files.move(src, dst); // no REPLACE_EXISTING: refuses a destination that appeared meanwhile
    } catch (FileAlreadyExistsException e) {
      throw FerryException.alreadyExists(dstUri);
    } catch (IOException e) {
      throw LocalErrors.translate(e, src, srcUri + " -> " + dstUri);
    }
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      if (Files.exists(path) && !Files.isDirectory(path)) {
        throw FerryException.alreadyExists(uri);
      }
      Files.createDirectories(path);
    } catch (IOException e) {
      throw LocalErrors.translate(e, path, uri);
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LocalUnderFileSystem(" + rootUri + ")";
  }

  private Path resolve(String uri) throws FerryException {
    Path path = LocalUris.toPath(uri);
    if (!path.startsWith(root)) {
      throw FerryException.invalidArgument("'" + uri + "' is outside the under storage root '" + rootUri + "'");
    }
    return path;
  }

  private static void createParents(Path path, String uri) throws IOException {
    try {
      Files.createDirectories(path.getParent());
    } catch (FileAlreadyExistsException e) {
      throw new FerryException(ErrorCode.NOT_A_DIRECTORY, "Not a directory (a parent is a file): " + uri, e);
    }
  }

  /** Attributes of the path itself (a link, not its target); empty if nothing is there. */
  private static Optional<BasicFileAttributes> linkAttributes(Path path) throws IOException {
    try {
      return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (LocalErrors.hasFileAncestor(path)) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
