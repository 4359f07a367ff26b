package io.ferry.ufs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * An under storage that hands every call to another: tests extend it and
 * override only the calls they count, hold or slow down.
 */
public abstract class ForwardingUnderFileSystem implements UnderFileSystem {
  private final UnderFileSystem delegate;

  protected ForwardingUnderFileSystem(UnderFileSystem delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    return delegate.getStatus(uri);
  }

  @Override
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    return delegate.list(dirUri, pageToken, pageSize);
  }

  @Override
  public UfsInputStream open(String uri, long offset, long length) throws IOException {
    return delegate.open(uri, offset, length);
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    return delegate.create(uri, overwrite);
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    return delegate.deleteFile(uri);
  }

  @Override
  public int deleteTemporaries(String uri) throws IOException {
    return delegate.deleteTemporaries(uri);
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    return delegate.deleteDirectory(uri, recursive);
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    delegate.rename(srcUri, dstUri);
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    delegate.mkdirs(uri);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
