package io.metastate.samples.metaserver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON-over-HTTP server on the JDK's {@code com.sun.net.httpserver}: routes by method and path pattern,
 * bearer-token access control, and every failure turned into a 4xx/5xx JSON reply — a bad request never kills a
 * server thread.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final int MAX_BODY = 1 << 20;

  private record Route(String method, Pattern pattern, Access access, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final Tokens tokens;
  private HttpServer server;
  private ExecutorService executor;

  /** An API guarded by these tokens. */
  public HttpApi(Tokens tokens) {
    this.tokens = tokens;
  }

  /** Adds a route; {@code pathRegex} must match the whole path, groups become path parameters. */
  public HttpApi route(String method, String pathRegex, Access access, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), access, handler));
    return this;
  }

  /** Starts listening; port 0 picks a free port. */
  public void start(String host, int port, String name) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void serve(HttpExchange exchange) {
    Reply reply;
    try {
      reply = dispatch(exchange);
    } catch (ApiException e) {
      reply = Reply.json(e.status(), Map.of("error", e.getMessage(), "status", e.status()));
    } catch (RuntimeException e) {
      LOG.warn("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      reply = Reply.json(500, Map.of("error", String.valueOf(e), "status", 500));
    }
    try (exchange) {
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      if (reply.status() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      exchange.getResponseBody().write(reply.body());
    } catch (IOException e) {
      LOG.debug("client went away before the reply was sent", e);
    }
  }

  private Reply dispatch(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    boolean pathKnown = false;
    for (Route r : routes) {
      Matcher m = r.pattern().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!r.method().equals(method)) {
        continue;
      }
      tokens.check(r.access(), exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = readBody(exchange);
      return r.handler().handle(new Call(method, path, exchange.getRequestURI().getRawQuery(), body, m));
    }
    if (pathKnown) {
      throw new ApiException(405, method + " is not allowed on " + path);
    }
    throw new ApiException(404, "no such resource: " + path);
  }

  private static byte[] readBody(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new ApiException(413, "request body larger than " + MAX_BODY + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new ApiException(400, "cannot read request body: " + e.getMessage());
    }
  }
}
