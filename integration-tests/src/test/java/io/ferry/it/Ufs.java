package io.ferry.it;

import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Direct access to an under storage, for tests that change it behind Ferry's back. */
final class Ufs implements AutoCloseable {
  private final UnderFileSystem ufs;

  Ufs(String rootUri, Map<String, String> options) throws IOException {
    this.ufs = UnderFileSystems.create(rootUri, options);
  }

  void write(String uri, byte[] data) throws IOException {
    try (UfsOutputStream out = ufs.create(uri, true)) {
      out.write(data);
    }
  }

  byte[] read(String uri) throws IOException {
    try (InputStream in = ufs.open(uri, 0, -1)) {
      return in.readAllBytes();
    }
  }

  boolean exists(String uri) throws IOException {
    return ufs.getStatus(uri).isPresent();
  }

  void delete(String uri) throws IOException {
    ufs.deleteFile(uri);
  }

  void mkdirs(String uri) throws IOException {
    ufs.mkdirs(uri);
  }

  @Override
  public void close() throws IOException {
    ufs.close();
  }
}
