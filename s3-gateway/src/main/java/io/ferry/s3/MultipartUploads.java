package io.ferry.s3;

import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Multipart uploads. An upload is a hidden Ferry directory
 * {@code /.ferry-s3-uploads/ID} holding a file {@code target} ("bucket/key")
 * and one file per part ({@code part-00001}…); completing it concatenates
 * the parts named into the object and deletes the directory.
 */
public final class MultipartUploads {
  static final String UPLOADS_DIR = "/.ferry-s3-uploads";
  private static final String TARGET = "target";
  private static final int MAX_PART_NUMBER = 10_000;

  private final S3Namespace namespace;
  private final FileWrites writes;

  public MultipartUploads(S3Namespace namespace) {
    this.namespace = namespace;
    this.writes = new FileWrites(namespace.client());
  }

  /** CreateMultipartUpload: POST /bucket/key?uploads. */
  public void create(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    String uploadId = UUID.randomUUID().toString();
    byte[] target = (request.bucket() + "/" + request.key()).getBytes(StandardCharsets.UTF_8);
    writes.write(uploadDir(uploadId) + "/" + TARGET, out -> out.write(target));
    response.xml(200, XmlWriter.document("InitiateMultipartUploadResult")
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("UploadId", uploadId));
  }

  /** UploadPart: PUT /bucket/key?partNumber=N&uploadId=ID. */
  public void uploadPart(S3Request request, S3Response response) throws S3Exception, IOException {
    String uploadId = checkUpload(request);
    int partNumber = partNumber(request.param("partNumber").orElse(""));
    PathStatus part = writes.writeBody(partPath(uploadId, partNumber), request);
    response.header("ETag", ETags.of(part)).empty(200);
  }

  /** CompleteMultipartUpload: POST /bucket/key?uploadId=ID with the parts in order, each with its ETag. */
  public void complete(S3Request request, S3Response response) throws S3Exception, IOException {
    String uploadId = checkUpload(request);
    List<PathStatus> parts = new ArrayList<>();
    int previous = 0;
    for (Element part : RequestXml.children(RequestXml.parse(request.body()), "Part")) {
      int number = partNumber(RequestXml.text(part, "PartNumber"));
      if (number <= previous) {
        throw new S3Exception("InvalidPartOrder", 400, "The list of parts was not in ascending order.", uploadId);
      }
      previous = number;
      Optional<PathStatus> file = namespace.statusOf(partPath(uploadId, number));
      if (file.isEmpty() || !Preconditions.matches(RequestXml.text(part, "ETag"), ETags.of(file.get()))) {
        throw new S3Exception("InvalidPart", 400, "Part " + number + " was not uploaded or its ETag does not match.",
            uploadId);
      }
      parts.add(file.get());
    }
    if (parts.isEmpty()) {
      throw S3Exception.malformedXml("CompleteMultipartUpload names no part");
    }
    PathStatus object = writes.concatenate(parts, request.ferryPath());
    namespace.client().delete(uploadDir(uploadId), true);
    response.xml(200, XmlWriter.document("CompleteMultipartUploadResult")
        .element("Location", request.resource())
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("ETag", ETags.of(object)));
  }

  /** AbortMultipartUpload: DELETE /bucket/key?uploadId=ID. */
  public void abort(S3Request request, S3Response response) throws S3Exception, IOException {
    namespace.client().delete(uploadDir(checkUpload(request)), true);
    response.empty(204);
  }

  /** ListParts: GET /bucket/key?uploadId=ID. */
  public void listParts(S3Request request, S3Response response) throws S3Exception, IOException {
    String uploadId = checkUpload(request);
    XmlWriter xml = XmlWriter.document("ListPartsResult")
        .element("Bucket", request.bucket())
        .element("Key", request.key())
        .element("UploadId", uploadId)
        .element("StorageClass", "STANDARD")
        .element("IsTruncated", false);
    for (PathStatus file : namespace.client().listStatus(uploadDir(uploadId))) {
      if (file.name().startsWith("part-")) {
        xml.start("Part")
            .element("PartNumber", Integer.parseInt(file.name().substring("part-".length())))
            .element("LastModified", HttpDates.iso(file.mtimeMs()))
            .element("ETag", ETags.of(file))
            .element("Size", file.length())
            .end();
      }
    }
    response.xml(200, xml);
  }

  /** The upload id of the request, checked to be an upload of its bucket and key; NoSuchUpload otherwise. */
  private String checkUpload(S3Request request) throws S3Exception, IOException {
    namespace.bucket(request.bucket());
    String uploadId = request.param("uploadId").orElse("");
    if (!uploadId.matches("[0-9a-f-]{36}")) {
      throw S3Exception.noSuchUpload(uploadId);
    }
    String target;
    try (FerryInputStream in = namespace.client().openFile(uploadDir(uploadId) + "/" + TARGET)) {
      target = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw S3Exception.noSuchUpload(uploadId);
      }
      throw e;
    }
    if (!target.equals(request.bucket() + "/" + request.key())) {
      throw S3Exception.noSuchUpload(uploadId);
    }
    return uploadId;
  }

  private static int partNumber(String value) throws S3Exception {
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= 1 && number <= MAX_PART_NUMBER) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw S3Exception.invalidArgument("Part number must be an integer between 1 and " + MAX_PART_NUMBER);
  }

  private static String uploadDir(String uploadId) {
    return UPLOADS_DIR + "/" + uploadId;
  }

  private static String partPath(String uploadId, int partNumber) {
    return String.format("%s/part-%05d", uploadDir(uploadId), partNumber);
  }
}
