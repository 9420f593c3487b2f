package io.metastate.tck.wire;

import io.metastate.CoordinationClient;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A {@link ProviderFixture} whose clients each reach the backend through their own {@link LoopbackProxy}, so that one
 * can be cut off alone, and each read time on their own {@link MovableTicker}: the disconnect, reconnect, proxy and
 * clock hooks, done once for every networked provider. A subclass opens each client with {@link #openVia} and
 * releases its backend in {@link #closeBackend}.
 */
public abstract class ProxiedFixture implements ProviderFixture {
  private final Map<CoordinationClient, LoopbackProxy> proxies = new ConcurrentHashMap<>();
  private final Map<CoordinationClient, MovableTicker> tickers = new ConcurrentHashMap<>();

  /**
   * Opens a client behind a new proxy to {@code backendPort} on 127.0.0.1: {@code connect} gets the proxy's
   * {@code host:port} and the client's ticker; the proxy is closed if the open fails.
   */
  protected final CoordinationClient openVia(int backendPort,
      BiFunction<String, MovableTicker, CoordinationClient> connect) {
    LoopbackProxy proxy = LoopbackProxy.to(backendPort);
    MovableTicker ticker = new MovableTicker();
    try {
      CoordinationClient client = connect.apply(proxy.address(), ticker);
      proxies.put(client, proxy);
      tickers.put(client, ticker);
      return client;
    } catch (RuntimeException e) {
      proxy.close();
      throw e;
    }
  }

  /** Releases the backend; {@link #close} calls it once every proxy is closed. */
  protected abstract void closeBackend();

  @Override
  public void disconnect(CoordinationClient client) {
    proxies.get(client).cut();
  }

  @Override
  public void reconnect(CoordinationClient client) {
    LoopbackProxy proxy = proxies.get(client);
    if (proxy != null) {
      proxy.restore();
    }
  }

  @Override
  public LoopbackProxy proxy(CoordinationClient client) {
    return proxies.get(client);
  }

  @Override
  public void advanceClock(CoordinationClient client, Duration by) {
    tickers.get(client).advance(by);
  }

  @Override
  public final void close() {
    proxies.values().forEach(LoopbackProxy::close);
    closeBackend();
  }
}
