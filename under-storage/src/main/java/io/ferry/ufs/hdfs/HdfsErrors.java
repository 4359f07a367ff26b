package io.ferry.ufs.hdfs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.HierarchicalUnderFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.security.AccessControlException;

/** Turns Hadoop client errors into FerryExceptions naming the URI (or the NameNode, when unreachable). */
final class HdfsErrors {
  private final String nameNode;

  HdfsErrors(String nameNode) {
    this.nameNode = nameNode;
  }

  FerryException translate(IOException e, String uri) {
    if (e instanceof FerryException fe) {
      return fe;
    }
    if (e instanceof FileNotFoundException) {
      return FerryException.notFound(uri);
    }
    if (e instanceof FileAlreadyExistsException) {
      return FerryException.alreadyExists(uri);
    }
    if (e instanceof ParentNotDirectoryException) {
      return HierarchicalUnderFileSystem.parentIsAFile(uri, e);
    }
    if (e instanceof PathIsNotEmptyDirectoryException) {
      return HierarchicalUnderFileSystem.directoryNotEmpty(uri, e);
    }
    if (e instanceof AccessControlException) {
      return new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + uri + " (" + firstLine(e) + ")", e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
        || e instanceof SocketTimeoutException) {
      return new FerryException(ErrorCode.UNAVAILABLE, "Cannot reach the HDFS NameNode " + nameNode + " for " + uri
          + ": " + e.getClass().getSimpleName(), e);
    }
    return new FerryException(ErrorCode.UFS_ERROR, "HDFS failed on " + uri + ": " + firstLine(e), e);
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
