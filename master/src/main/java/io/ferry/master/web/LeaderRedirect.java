package io.ferry.master.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web UI's pages on a follower: a browser is sent (307) to the same page
 * on the leader, whose figures are live; on the leader, or while no leader is
 * known, the pages are served here.
 */
final class LeaderRedirect implements HttpHandler {
  private final HttpHandler pages;
  private final Supplier<Optional<String>> leaderWebAddress;

  LeaderRedirect(HttpHandler pages, Supplier<Optional<String>> leaderWebAddress) {
    this.pages = pages;
    this.leaderWebAddress = leaderWebAddress;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Optional<String> leader = leaderWebAddress.get();
    if (leader.isEmpty()) {
      pages.handle(exchange);
      return;
    }
    String scheme = exchange instanceof HttpsExchange ? "https" : "http";
    exchange.getResponseHeaders().set("Location", scheme + "://" + leader.get() + exchange.getRequestURI());
    exchange.sendResponseHeaders(307, -1);
    exchange.close();
  }
}
