package io.ferry.s3;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The response to an S3 request: headers, then an XML document, no body or a streamed body. */
public final class S3Response {
  private final S3Exchange exchange;
  private final boolean head;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** @param method the request's, as a HEAD is answered without a body */
  public S3Response(S3Exchange exchange, String method) {
    this.exchange = exchange;
    this.head = "HEAD".equals(method);
  }

  public S3Response header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public void xml(int status, XmlWriter document) throws IOException {
    byte[] body = document.toBytes();
    header("Content-Type", "application/xml");
    header("Content-Length", Integer.toString(body.length));
    exchange.send(status, headers, body);
  }

  /** A response without a body (and without Content-Length where HTTP forbids one: 204, 304). */
  public void empty(int status) throws IOException {
    if (status != 204 && status != 304) {
      header("Content-Length", "0");
    }
    exchange.send(status, headers, new byte[0]);
  }

  /** The headers of a HEAD: the length the GET would send, no body. */
  public void headOnly(int status, long length) throws IOException {
    header("Content-Length", Long.toString(length));
    exchange.send(status, headers, new byte[0]);
  }

  /** A body of {@code length} bytes (more than 0) to stream; the caller sends it whole and closes it. */
  public ResponseBody body(int status, long length) {
    header("Content-Length", Long.toString(length));
    return exchange.stream(status, headers, length);
  }

  public void error(S3Exception e, String requestId) throws IOException {
    XmlWriter xml = XmlWriter.plainDocument("Error")
        .element("Code", e.code())
        .element("Message", e.getMessage())
        .element("Resource", e.resource())
        .element("RequestId", requestId);
    if (head) {
      empty(e.status());
    } else {
      xml(e.status(), xml);
    }
  }
}
