package io.ferry.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** Writes the XML documents of S3 responses, escaping text; elements are closed in order by {@link #end}. */
public final class XmlWriter {
  private static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final Deque<String> open = new ArrayDeque<>();

  /** A document whose root element {@code name} is in the S3 namespace. */
  public static XmlWriter document(String name) {
    XmlWriter xml = new XmlWriter();
    xml.out.append('<').append(name).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    xml.open.push(name);
    return xml;
  }

  /** A document whose root element {@code name} has no namespace (error bodies). */
  public static XmlWriter plainDocument(String name) {
    return new XmlWriter().start(name);
  }

  public XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  public XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** An element holding {@code text}. */
  public XmlWriter element(String name, Object text) {
    out.append('<').append(name).append('>');
    escape(String.valueOf(text));
    out.append("</").append(name).append('>');
    return this;
  }

  /** The document, its open elements closed. */
  public byte[] toBytes() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append("&#").append((int) c).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
