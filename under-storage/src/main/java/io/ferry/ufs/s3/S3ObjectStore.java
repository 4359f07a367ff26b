package io.ferry.ufs.s3;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.object.MultipartUpload;
import io.ferry.ufs.object.ObjectEntry;
import io.ferry.ufs.object.ObjectInfo;
import io.ferry.ufs.object.ObjectPage;
import io.ferry.ufs.object.ObjectStore;
import io.ferry.ufs.object.ObjectUris;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One S3 bucket, through the AWS SDK v2. */
final class S3ObjectStore implements ObjectStore {
  private static final int MAX_DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final ObjectUris uris;
  private final S3Errors errors;

  S3ObjectStore(S3Client s3, String bucket, ObjectUris uris, S3Errors errors) {
    this.s3 = s3;
    this.bucket = bucket;
    this.uris = uris;
    this.errors = errors;
  }

  @Override
  public void checkBucket() throws IOException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw S3Errors.isNotFound(e) ? errors.noSuchBucket(uris.uri(""), e) : errors.translate(e, uris.uri(""));
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    try {
      HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(new ObjectInfo(key, r.contentLength(), r.lastModified().toEpochMilli(), r.eTag()));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty(); // a HEAD has no body to tell a missing bucket; checkBucket does
      }
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public ObjectPage list(String prefix, boolean delimited, String token, int max) throws IOException {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
        .bucket(bucket).prefix(prefix).maxKeys(max).continuationToken(token);
    if (delimited) {
      request.delimiter("/");
    }
    try {
      ListObjectsV2Response r = s3.listObjectsV2(request.build());
      List<ObjectEntry> entries = new ArrayList<>(r.keyCount() == null ? max : r.keyCount());
      for (S3Object o : r.contents()) {
        entries.add(new ObjectEntry(o.key(), new ObjectInfo(o.key(), o.size(), o.lastModified().toEpochMilli(), o.eTag())));
      }
      r.commonPrefixes().forEach(p -> entries.add(new ObjectEntry(p.prefix(), null)));
      entries.sort(Comparator.comparing(ObjectEntry::key)); // S3 returns objects and prefixes apart
      return new ObjectPage(entries, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(prefix));
    }
  }

  @Override
  public Optional<UfsInputStream> get(String key, long offset, long length) throws IOException {
    if (length == 0) {
      return emptyRead(key);
    }
    String range = offset == 0 && length < 0 ? null
        : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key).range(range));
      return Optional.of(UfsInputStream.of(in, versionOf(in.response())));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return emptyRead(key); // the range starts past the end
      }
      if (S3Errors.isNotFound(e) && !"NoSuchBucket".equals(S3Errors.code(e))) {
        return Optional.empty();
      }
      throw errors.translate(e, uris.uri(key));
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(key));
    }
  }

  /** The version a GET read: its ETag, else made of the object's length (of a range: after its "/") and time. */
  private static String versionOf(GetObjectResponse r) {
    String range = r.contentRange();
    long length = range != null && range.contains("/") ? Long.parseLong(range.substring(range.lastIndexOf('/') + 1))
        : r.contentLength();
    return ObjectInfo.versionOf(r.eTag(), length, r.lastModified().toEpochMilli());
  }

  /** No bytes of the object, with its ETag; empty if there is no object. */
  private Optional<UfsInputStream> emptyRead(String key) throws IOException {
    return head(key).map(info -> UfsInputStream.of(InputStream.nullInputStream(), info.etag()));
  }

  @Override
  public void put(String key, byte[] data, int length) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(key), body(data, length));
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public MultipartUpload startMultipart(String key) throws IOException {
    try {
      String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      return new S3MultipartUpload(key, uploadId);
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public int abortOpenUploads(String key) throws IOException {
    try {
      int aborted = 0;
      for (var upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads()) {
        if (upload.key().equals(key)) {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()));
          aborted++;
        }
      }
      return aborted;
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public void copy(String srcKey, String dstKey) throws IOException {
    try {
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(srcKey).destinationBucket(bucket).destinationKey(dstKey));
    } catch (SdkException e) {
      throw errors.translate(e, uris.uri(srcKey) + " -> " + uris.uri(dstKey));
    }
  }

  @Override
  public void delete(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += MAX_DELETE_BATCH) {
      List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + MAX_DELETE_BATCH)).stream()
          .map(k -> ObjectIdentifier.builder().key(k).build())
          .toList();
      try {
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        if (r.hasErrors() && !r.errors().isEmpty()) {
          var first = r.errors().get(0);
          throw new FerryException(io.ferry.common.error.ErrorCode.UFS_ERROR, "S3 could not delete "
              + r.errors().size() + " object(s), e.g. " + uris.uri(first.key()) + ": " + first.code());
        }
      } catch (SdkException e) {
        throw errors.translate(e, uris.uri(batch.get(0).key()));
      }
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private static RequestBody body(byte[] data, int length) {
    return RequestBody.fromInputStream(new ByteArrayInputStream(data, 0, length), length);
  }

  /** An S3 multipart upload; abort() aborts it so S3 keeps no parts. */
  private final class S3MultipartUpload implements MultipartUpload {
    private final String key;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();

    S3MultipartUpload(String key, String uploadId) {
      this.key = key;
      this.uploadId = uploadId;
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) throws IOException {
      try {
        String etag = s3.uploadPart(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
            body(data, length)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      } catch (SdkException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }

    @Override
    public void complete() throws IOException {
      try {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .multipartUpload(u -> u.parts(parts)));
      } catch (SdkException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }

    @Override
    public void abort() throws IOException {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }
  }
}
