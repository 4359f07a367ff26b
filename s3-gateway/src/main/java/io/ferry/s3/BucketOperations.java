package io.ferry.s3;

import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;

/** ListBuckets, HeadBucket, CreateBucket, DeleteBucket and GetBucketLocation over the top-level directories. */
public final class BucketOperations {
  private final S3Namespace namespace;

  public BucketOperations(S3Namespace namespace) {
    this.namespace = namespace;
  }

  public void listBuckets(S3Response response) throws IOException {
    XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult")
        .start("Owner").element("ID", "ferry").element("DisplayName", "ferry").end()
        .start("Buckets");
    for (PathStatus dir : namespace.client().listStatus("/")) {
      if (dir.isDirectory() && S3Namespace.isBucketName(dir.name())) {
        xml.start("Bucket").element("Name", dir.name()).element("CreationDate", HttpDates.iso(dir.mtimeMs())).end();
      }
    }
    response.xml(200, xml.end());
  }

  public void head(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    response.empty(200);
  }

  public void location(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    response.xml(200, XmlWriter.document("LocationConstraint"));
  }

  public void create(S3Request request, S3Response response) throws S3Exception, IOException {
    if (!S3Namespace.isBucketName(request.bucket())) {
      throw new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid.", request.resource());
    }
    if (namespace.statusOf(request.ferryPath()).isPresent()) {
      throw new S3Exception("BucketAlreadyOwnedByYou", 409, "The bucket already exists.", request.resource());
    }
    namespace.client().createDirectory(request.ferryPath(), false);
    response.header("Location", request.resource()).empty(200);
  }

  public void delete(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    try {
      namespace.client().delete(request.ferryPath(), false);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.DIRECTORY_NOT_EMPTY) {
        throw e;
      }
      throw new S3Exception("BucketNotEmpty", 409, "The bucket you tried to delete is not empty.",
          request.resource());
    }
    response.empty(204);
  }
}
