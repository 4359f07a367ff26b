package io.ferry.ufs.local;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.HierarchicalUnderFileSystem;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
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
import java.util.List;
import java.util.Optional;

/**
 * An under storage over a local (or locally mounted) directory. URIs are
 * {@code file:///abs/path} or {@code /abs/path} and must lie below the root;
 * symbolic links are followed for reads and status, never by deletes.
 */
public final class LocalUnderFileSystem extends HierarchicalUnderFileSystem<Path> {

  private final ListingContinuations<NamePages> continuations = new ListingContinuations<>();

  public LocalUnderFileSystem(String rootUri) throws FerryException {
    super(rootUri);
  }

  @Override
  protected Path toPath(String uri) throws FerryException {
    return LocalUris.toPath(uri);
  }

  @Override
  protected boolean isAtOrBelow(Path path, Path ancestor) {
    return path.startsWith(ancestor);
  }

  @Override
  protected Kind kind(Path path, boolean followLinks) throws IOException {
    if (followLinks && Files.isDirectory(path)) {
      return Kind.DIRECTORY;
    }
    Optional<BasicFileAttributes> entry = linkAttributes(path);
    if (entry.isEmpty()) {
      return Kind.NONE;
    }
    if (!followLinks) {
      return entry.get().isDirectory() ? Kind.DIRECTORY : Kind.FILE;
    }
    return entry.get().isSymbolicLink() && !Files.exists(path) ? Kind.BROKEN_LINK : Kind.FILE;
  }

  @Override
  protected FerryException translate(IOException e, Path path, String uri) {
    return LocalErrors.translate(e, path, uri);
  }

  @Override
  protected Optional<UfsStatus> status(Path path) throws IOException {
    return LocalStatuses.read(path, LocalStatuses.nameOf(path));
  }

  @Override
  protected UfsListing listPage(Path dir, String dirUri, String pageToken, int pageSize) throws IOException {
    NamePages names = pageToken == null ? null : continuations.take(dir, pageToken).orElse(null);
    if (names == null) {
      names = new NamePages(namesAfter(dir, pageToken));
    }
    List<String> page = names.nextPage(pageSize);
    List<UfsStatus> entries = new ArrayList<>(page.size());
    for (String name : page) {
      // A child removed since the scan (or a dangling link) is left out.
      LocalStatuses.read(dir.resolve(name), name).ifPresent(entries::add);
    }
    if (names.isEmpty()) {
      return new UfsListing(entries, null);
    }
    String next = page.get(page.size() - 1);
    continuations.put(dir, next, names);
    return new UfsListing(entries, next);
  }

  /** The names in {@code dir} after {@code token}, in the directory's order, without temp files: one scan. */
  private static List<String> namesAfter(Path dir, String token) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (!LocalOutputStream.isTempName(name) && (token == null || name.compareTo(token) > 0)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  @Override
  protected InputStream openRange(Path path, String uri, long offset, long length) throws IOException {
    if (Files.isDirectory(path)) {
      throw FerryException.isADirectory(uri);
    }
    return new RangeInputStream(FileChannel.open(path), offset, length);
  }

  @Override
  protected UfsOutputStream newFile(Path path, String uri, boolean overwrite) throws IOException {
    return LocalOutputStream.open(path, uri, overwrite);
  }

  @Override
  public int deleteTemporaries(String uri) throws IOException {
    Path path = toPath(uri);
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
      throw translate(e, path, uri);
    }
    return deleted;
  }

  @Override
  protected boolean deleteExistingFile(Path path) throws IOException {
    return Files.deleteIfExists(path);
  }

  @Override
  protected boolean deleteExistingDirectory(Path path, String uri, boolean recursive) throws IOException {
    try {
      if (recursive) {
        deleteTree(path);
      } else {
        Files.delete(path);
      }
      return true;
    } catch (NoSuchFileException e) {
      return false; // removed by someone else meanwhile
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
  protected void move(Path src, Path dst, String srcUri, String dstUri) throws IOException {
    try {
      Files.move(src, dst); // no REPLACE_EXISTING: refuses a destination that appeared meanwhile
    } catch (FileAlreadyExistsException e) {
      throw FerryException.alreadyExists(dstUri);
    }
  }

  @Override
  protected void makeDirectories(Path dir, String uri) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw parentIsAFile(uri, e);
    }
  }

  @Override
  protected Path parent(Path path) {
    return path.getParent();
  }

  @Override
  public void close() {}

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
