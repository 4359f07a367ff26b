package io.ferry.cli.daemon;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The jar (or class directory) a class was loaded from, and whether a build has rewritten it since. */
final class BuildStamp {
  private final Path location;
  private final FileTime loaded;

  private BuildStamp(Path location) {
    this.location = location;
    this.loaded = modified();
  }

  static BuildStamp of(Path location) {
    return new BuildStamp(location);
  }

  static BuildStamp ofJarOf(Class<?> type) {
    try {
      return of(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot tell where " + type + " was loaded from", e);
    }
  }

  boolean changed() {
    return !loaded.equals(modified());
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(location);
    } catch (IOException e) {
      return FileTime.fromMillis(0); // gone (a clean build): changed
    }
  }
}
