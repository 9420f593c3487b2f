package io.metastate.samples.metaserver.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample's JSON-over-HTTP edge on Javalin (Jetty): routes with path parameters, bearer-token access checked
 * before a matched route runs (its {@link Access} is the route role), domain errors mapped to status codes, and every
 * failure turned into a 4xx/5xx JSON {@code {"error", "status"}} reply — a bad request never kills a server thread.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final int MAX_BODY = 1 << 20;

  private final Javalin app;

  /** An API guarded by these tokens. */
  public HttpApi(Tokens tokens, String name) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName(name + "-http");
    threads.setDaemon(true);
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = MAX_BODY;
      cfg.jetty.threadPool = threads;
    });
    app.beforeMatched(ctx -> tokens.check(access(ctx), ctx.header("Authorization")));
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> {
      if (e instanceof NotFoundResponse) {
        error(ctx, 404, "no such resource: " + ctx.path());
      } else if (e instanceof MethodNotAllowedResponse) {
        error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path());
      } else {
        error(ctx, e.getStatus(), e.getMessage());
      }
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, String.valueOf(e));
    });
  }

  private static Access access(Context ctx) {
    for (RouteRole r : ctx.routeRoles()) {
      if (r instanceof Access a) {
        return a;
      }
    }
    return Access.ADMIN; // a route registered without access is closed, not open
  }

  /** Adds a route: a Javalin path ({@code /kv/{key}}), served to callers with {@code access}. */
  public HttpApi route(String method, String path, Access access, Handler handler) {
    app.addHttpHandler(HandlerType.valueOf(method), path, ctx -> write(ctx, handler.handle(new Call(ctx))), access);
    return this;
  }

  /** Serves a classpath resource (the status page's script and style) to anyone. */
  public HttpApi resource(String path, String resource, String contentType) {
    byte[] body;
    try (InputStream in = HttpApi.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Reply reply = new Reply(200, contentType, body, Map.of("Cache-Control", "no-cache"));
    return route("GET", path, Access.PUBLIC, call -> reply);
  }

  /** Maps a domain exception to the API's reply at the edge. */
  public <E extends RuntimeException> HttpApi map(Class<E> type, Function<E, ApiException> toReply) {
    app.exception(type, (e, ctx) -> {
      ApiException a = toReply.apply(e);
      error(ctx, a.status(), a.getMessage());
    });
    return this;
  }

  private static void error(Context ctx, int status, String message) {
    write(ctx, Reply.json(status, Map.of("error", String.valueOf(message), "status", status)));
  }

  private static void write(Context ctx, Reply reply) {
    reply.headers().forEach(ctx::header);
    if (reply.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
  }

  /** Starts listening; port 0 picks a free port. */
  public void start(String host, int port) {
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port listened on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
