package io.ferry.master.web;

import com.google.gson.JsonObject;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.common.web.WebServer;
import io.ferry.master.security.AuditLog;
import io.ferry.master.security.CallerContext;
import io.grpc.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only JSON API behind the web UI: {@code /api/NAME} answers the
 * message its {@link Endpoint} builds, printed by protobuf's JsonFormat
 * (field names in lowerCamelCase, 64-bit numbers as strings). A failure
 * answers {@code {"error": "..."}} with 404 for a missing path, 400 for a bad
 * argument and 500 otherwise.
 */
public final class WebApi implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebApi.class);
  private static final String JSON = "application/json; charset=utf-8";

  /** One API call: its answer to the query parameters. */
  @FunctionalInterface
  public interface Endpoint {
    MessageOrBuilder answer(Map<String, String> query) throws IOException;
  }

  private final Map<String, Endpoint> endpoints;
  private final JsonFormat.Printer printer = JsonFormat.printer().includingDefaultValueFields();

  private final WebCallers callers;

  /** Serves each endpoint at {@code /api/} + its name, to the callers {@code callers} authenticates. */
  WebApi(Map<String, Endpoint> endpoints, WebCallers callers) {
    this.endpoints = Map.copyOf(endpoints);
    this.callers = callers;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/api/".length());
    Endpoint endpoint = endpoints.get(name);
    if (endpoint == null) {
      respond(exchange, 404, error("No API call /api/" + name + "; there are " + endpoints.keySet()));
      return;
    }
    MessageOrBuilder answer;
    Map<String, String> query = Map.of();
    Optional<Identity> caller = Optional.empty();
    try {
      query = query(exchange.getRequestURI().getRawQuery());
      caller = callers.callerOf(exchange, query);
      Map<String, String> arguments = query;
      answer = caller.map(CallerContext::as).orElse(Context.current()).call(() -> endpoint.answer(arguments));
    } catch (FerryException e) {
      if (e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.PERMISSION_DENIED) {
        AuditLog.record(false, caller.map(Identity::user).orElse("-"),
            exchange.getRemoteAddress().getAddress().getHostAddress(), "web/" + name, query.get("path"), null);
      }
      if (e.code() == ErrorCode.UNAUTHENTICATED) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ferry\"");
      }
      respond(exchange, status(e.code()), error(e.getMessage()));
      return;
    } catch (Exception e) {
      LOG.warn("Web API /api/{} failed", name, e);
      respond(exchange, 500, error("/api/" + name + " failed: " + e));
      return;
    }
    respond(exchange, 200, printer.print(answer));
  }

  private static int status(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case INVALID_PATH, NAME_TOO_LONG, INVALID_ARGUMENT, NOT_A_DIRECTORY -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      default -> 500;
    };
  }

  private static String error(String message) {
    JsonObject error = new JsonObject();
    error.addProperty("error", message);
    return error.toString();
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    WebServer.respond(exchange, status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
