package io.ferry.s3;

import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the S3 endpoint's requests, whatever carries them: authenticates
 * each, sends it to the operation its method, bucket, key and query name,
 * and turns failures into S3 XML errors.
 */
public final class S3Router implements S3Handler {
  private static final Logger LOG = LoggerFactory.getLogger(S3Router.class);
  /** Sub-resources the endpoint does not serve: answered NotImplemented, not mistaken for a listing or a read. */
  private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "tagging", "versioning", "versions",
      "lifecycle", "cors", "website", "logging", "notification", "replication", "encryption", "object-lock",
      "retention", "legal-hold", "torrent", "restore", "select", "attributes");

  private final S3Namespace namespace;
  private final SigV4Authenticator authenticator;
  private final BucketOperations buckets;
  private final ObjectListing listing;
  private final ObjectReads reads;
  private final ObjectWrites writes;
  private final MultipartUploads multipart;

  public S3Router(S3Namespace namespace, SigV4Authenticator authenticator) {
    this.namespace = namespace;
    this.authenticator = authenticator;
    this.buckets = new BucketOperations(namespace);
    this.listing = new ObjectListing(namespace);
    this.reads = new ObjectReads(namespace);
    this.writes = new ObjectWrites(namespace);
    this.multipart = new MultipartUploads(namespace);
  }

  @Override
  public void handle(S3Request request, S3Exchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    S3Response response = new S3Response(exchange, request.method()).header("x-amz-request-id", requestId);
    try {
      authenticator.authenticate(request);
      try {
        route(request, response);
      } finally {
        if (changes(request)) {
          namespace.changed(request.bucket(), request.key());
        }
      }
    } catch (S3Exception e) {
      fail(exchange, response, e, requestId);
    } catch (FerryException e) {
      fail(exchange, response, FerryErrors.toS3(e, request.resource()), requestId);
    } catch (IOException e) {
      LOG.debug("S3 {} {} failed: {}", request.method(), request.resource(), e.toString());
      exchange.abort();
    } catch (RuntimeException e) {
      LOG.warn("S3 {} {} failed", request.method(), request.resource(), e);
      fail(exchange, response, new S3Exception("InternalError", 500, e.toString(), request.resource()), requestId);
    }
  }

  /** True for requests that may change what they name (anything but GET and HEAD), failed ones included. */
  private static boolean changes(S3Request request) {
    return !request.bucket().isEmpty() && !request.method().equals("GET") && !request.method().equals("HEAD");
  }

  private void route(S3Request request, S3Response response) throws S3Exception, IOException {
    for (String name : request.query().keySet()) {
      if (UNSUPPORTED.contains(name)) {
        throw S3Exception.notImplemented("The '" + name + "' sub-resource");
      }
    }
    if (request.bucket().isEmpty()) {
      requireMethod(request, "GET");
      buckets.listBuckets(response);
    } else if (request.key().isEmpty()) {
      routeBucket(request, response);
    } else {
      routeObject(request, response);
    }
  }

  private void routeBucket(S3Request request, S3Response response) throws S3Exception, IOException {
    switch (request.method()) {
      case "GET" -> {
        if (request.hasParam("location")) {
          buckets.location(request, response);
        } else if (request.hasParam("uploads")) {
          throw S3Exception.notImplemented("ListMultipartUploads");
        } else {
          listing.list(request, response);
        }
      }
      case "HEAD" -> buckets.head(request, response);
      case "PUT" -> buckets.create(request, response);
      case "DELETE" -> buckets.delete(request, response);
      case "POST" -> {
        if (!request.hasParam("delete")) {
          throw S3Exception.notImplemented("POST on a bucket without ?delete");
        }
        writes.deleteMany(request, response);
      }
      default -> throw methodNotAllowed(request);
    }
  }

  private void routeObject(S3Request request, S3Response response) throws S3Exception, IOException {
    boolean upload = request.hasParam("uploadId");
    switch (request.method()) {
      case "GET" -> {
        if (upload) {
          multipart.listParts(request, response);
        } else {
          reads.get(request, response);
        }
      }
      case "HEAD" -> reads.head(request, response);
      case "PUT" -> {
        boolean copy = request.header("x-amz-copy-source").isPresent();
        if (upload && copy) {
          throw S3Exception.notImplemented("UploadPartCopy");
        } else if (upload) {
          multipart.uploadPart(request, response);
        } else if (copy) {
          writes.copy(request, response);
        } else {
          writes.put(request, response);
        }
      }
      case "POST" -> {
        if (request.hasParam("uploads")) {
          multipart.create(request, response);
        } else if (upload) {
          multipart.complete(request, response);
        } else {
          throw S3Exception.notImplemented("POST on an object without ?uploads or ?uploadId");
        }
      }
      case "DELETE" -> {
        if (upload) {
          multipart.abort(request, response);
        } else {
          writes.delete(request, response);
        }
      }
      default -> throw methodNotAllowed(request);
    }
  }

  private static void requireMethod(S3Request request, String method) throws S3Exception {
    if (!method.equals(request.method())) {
      throw methodNotAllowed(request);
    }
  }

  private static S3Exception methodNotAllowed(S3Request request) {
    return new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource.",
        request.resource());
  }

  /** Sends the error, unless the response had started (a read failing mid-body): then the connection is cut. */
  private static void fail(S3Exchange exchange, S3Response response, S3Exception e, String requestId)
      throws IOException {
    if (exchange.started()) {
      exchange.abort();
      return;
    }
    response.error(e, requestId);
  }
}
