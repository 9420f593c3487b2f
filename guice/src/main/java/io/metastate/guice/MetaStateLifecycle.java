package io.metastate.guice;

import io.metastate.CoordinationClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Owns the {@link CoordinationClient} that {@link MetaStateModule} opens, so that an application can close it
 * without opening it first. Inject it and call {@link #close()} on shutdown (or let the module's shutdown hook do
 * it, see {@link MetaStateModule.Builder#closeOnShutdown(boolean)}):
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(MetaStateModule.fromEnvironment(), new AppModule());
 * try (MetaStateLifecycle lifecycle = injector.getInstance(MetaStateLifecycle.class)) {
 *   injector.getInstance(App.class).run();
 * }
 * }</pre>
 */
@Singleton
public final class MetaStateLifecycle implements AutoCloseable {
  private final AtomicReference<CoordinationClient> client = new AtomicReference<>();
  private volatile boolean closed;

  MetaStateLifecycle() {}

  /** The client, if it has been opened (by the first injection of a metastate service) and not closed. */
  public Optional<CoordinationClient> client() {
    return Optional.ofNullable(client.get()).filter(c -> !closed);
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the client if it was opened: its locks are released and its ephemeral nodes deleted. Idempotent; a
   * client that was never opened is not opened by this call.
   */
  @Override
  public void close() {
    closed = true;
    CoordinationClient c = client.getAndSet(null);
    if (c != null) {
      c.close();
    }
  }

  /** Records the freshly opened client; closes it at once if the lifecycle already ended (a late first use). */
  CoordinationClient adopt(CoordinationClient opened) {
    if (closed || !client.compareAndSet(null, opened)) {
      opened.close();
      throw new IllegalStateException("the metastate client was already closed by MetaStateLifecycle.close()");
    }
    return opened;
  }
}
