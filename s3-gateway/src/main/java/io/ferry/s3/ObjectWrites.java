package io.ferry.s3;

import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.w3c.dom.Element;

/** PutObject, CopyObject, DeleteObject and DeleteObjects. */
public final class ObjectWrites {
  private final S3Namespace namespace;
  private final FileWrites writes;

  public ObjectWrites(S3Namespace namespace) {
    this.namespace = namespace;
    this.writes = new FileWrites(namespace.client());
  }

  /** PutObject; a key ending in '/' makes a directory (an S3 "folder"). */
  public void put(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    PathStatus written;
    if (request.key().endsWith("/")) {
      RequestBody.copy(request, OutputStream.nullOutputStream());
      written = namespace.client().createDirectory(request.ferryPath(), true);
    } else {
      written = writes.writeBody(request.ferryPath(), request);
    }
    response.header("ETag", ETags.of(written)).empty(200);
  }

  /** CopyObject: PUT with x-amz-copy-source naming "bucket/key" (URL-encoded). */
  public void copy(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    String source = UriEncoding.decode(request.header("x-amz-copy-source").orElseThrow());
    int query = source.indexOf('?');
    source = (query < 0 ? source : source.substring(0, query)).replaceFirst("^/", "");
    int slash = source.indexOf('/');
    if (slash <= 0) {
      throw S3Exception.invalidArgument("x-amz-copy-source must be bucket/key");
    }
    PathStatus from = namespace.object(source.substring(0, slash), source.substring(slash + 1));
    PathStatus copied = from.path().equals(request.ferryPath()) ? from
        : writes.concatenate(List.of(from), request.ferryPath());
    response.xml(200, XmlWriter.document("CopyObjectResult")
        .element("ETag", ETags.of(copied))
        .element("LastModified", HttpDates.iso(copied.mtimeMs())));
  }

  /** DeleteObject: 204 whether or not the key existed, as S3 answers. */
  public void delete(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    deleteKey(request.bucket(), request.key());
    response.empty(204);
  }

  /** DeleteObjects: the keys of a Delete document, each deleted or reported in an Error element. */
  public void deleteMany(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    Element delete = RequestXml.parse(request.body());
    boolean quiet = "true".equalsIgnoreCase(RequestXml.text(delete, "Quiet"));
    XmlWriter xml = XmlWriter.document("DeleteResult");
    for (Element object : RequestXml.children(delete, "Object")) {
      String key = RequestXml.text(object, "Key");
      try {
        deleteKey(request.bucket(), key);
        if (!quiet) {
          xml.start("Deleted").element("Key", key).end();
        }
      } catch (FerryException e) {
        S3Exception error = FerryErrors.toS3(e, "/" + request.bucket() + "/" + key);
        xml.start("Error").element("Key", key).element("Code", error.code()).element("Message", error.getMessage())
            .end();
      }
    }
    response.xml(200, xml);
  }

  /**
   * Deletes a file, or an empty directory for a key ending in '/'; a missing
   * key is not an error. The directories the deletion leaves empty are
   * deleted too, up to the bucket: in S3 a prefix exists only while keys
   * hold it, and an empty directory would be listed as a folder marker.
   */
  private void deleteKey(String bucket, String key) throws FerryException {
    if (key.isEmpty()) {
      return;
    }
    String path = "/" + bucket + "/" + key;
    if (!deleteIfThere(path)) {
      return;
    }
    String bucketPath = "/" + bucket;
    for (String dir = parent(path); dir.length() > bucketPath.length(); dir = parent(dir)) {
      if (!deleteIfThere(dir)) {
        return;
      }
    }
  }

  /** Deletes a file or an empty directory; false when there was none to delete (or the directory is not empty). */
  private boolean deleteIfThere(String path) throws FerryException {
    try {
      namespace.client().delete(path, false);
      return true;
    } catch (FerryException e) {
      // no such object: nothing there, a file where a directory is named, or a directory with objects below
      if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.NOT_A_DIRECTORY
          && e.code() != ErrorCode.DIRECTORY_NOT_EMPTY) {
        throw e;
      }
      return false;
    }
  }

  private static String parent(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(0, trimmed.lastIndexOf('/'));
  }
}
