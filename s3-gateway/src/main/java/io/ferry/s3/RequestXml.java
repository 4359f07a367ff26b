package io.ferry.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The XML body of a request (DeleteObjects, CompleteMultipartUpload), parsed without external entities. */
public final class RequestXml {
  private RequestXml() {}

  /** The document's root element. */
  public static Element parse(InputStream body) throws S3Exception, IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().parse(body).getDocumentElement();
    } catch (SAXException | ParserConfigurationException e) {
      throw S3Exception.malformedXml("The XML you provided was not well-formed: " + e.getMessage());
    }
  }

  /** The child elements of {@code parent} named {@code name}. */
  public static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  /** The text of the child element {@code name}, or "" when there is none. */
  public static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }
}
