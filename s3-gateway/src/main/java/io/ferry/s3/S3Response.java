package io.ferry.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** The response to an S3 request: headers, then an XML document, no body or a streamed body. */
public final class S3Response {
  private final HttpExchange exchange;

  public S3Response(HttpExchange exchange) {
    this.exchange = exchange;
  }

  public S3Response header(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
    return this;
  }

  public void xml(int status, XmlWriter document) throws IOException {
    byte[] body = document.toBytes();
    header("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A response without a body. */
  public void empty(int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** The headers of a HEAD: the length the GET would send, no body. */
  public void headOnly(int status, long length) throws IOException {
    header("Content-Length", Long.toString(length));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** Sends the headers of a body of {@code length} bytes; the caller writes it to the stream and closes it. */
  public OutputStream body(int status, long length) throws IOException {
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    return exchange.getResponseBody();
  }

  public void error(S3Exception e, String requestId) throws IOException {
    XmlWriter xml = XmlWriter.plainDocument("Error")
        .element("Code", e.code())
        .element("Message", e.getMessage())
        .element("Resource", e.resource())
        .element("RequestId", requestId);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      empty(e.status());
    } else {
      xml(e.status(), xml);
    }
  }
}
