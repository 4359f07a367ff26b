package io.ferry.common.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the files of one classpath folder at the root of a web port
 * ({@code /} is {@code index}); names are plain file names, so no request
 * reaches outside the folder.
 */
public final class ClasspathPages implements HttpHandler {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  private final String folder;
  private final String index;

  /** {@code folder} is a classpath folder ("io/ferry/master/web/ui"); {@code index} a file in it. */
  public ClasspathPages(String folder, String index) {
    this.folder = folder;
    this.index = index;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring(1);
    if (name.isEmpty()) {
      name = index;
    }
    byte[] body = NAME.matcher(name).matches() ? read(name) : null;
    if (body == null) {
      WebServer.respond(exchange, 404, TYPES.get("html"),
          ("No page " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8));
      return;
    }
    WebServer.respond(exchange, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
  }

  private byte[] read(String name) throws IOException {
    try (InputStream in = ClasspathPages.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
