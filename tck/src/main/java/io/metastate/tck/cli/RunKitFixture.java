package io.metastate.tck.cli;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.provider.support.ForwardingCoordinationClient;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import io.metastate.tck.wire.LoopbackProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault hooks RunKit can run itself, for any provider: every client reads time on its own {@link MovableTicker}
 * ({@link Capability#MOVE_CLOCK}: the SPI requires providers to read session and lease time through the config's
 * ticker), and, when the config names its backend's endpoints under a key ({@code proxyKey}) and they are on
 * loopback, every client reaches them through proxies of its own ({@link Capability#DISCONNECT_CLIENT}; with one
 * endpoint also {@link Capability#NETWORK_FAULTS}).
 */
final class RunKitFixture implements ProviderFixture {
  private final MetaStateConfig config;
  private final String proxyKey;
  private final Endpoints endpoints;
  private final Map<CoordinationClient, Wiring> wiring = new ConcurrentHashMap<>();

  /** What the kit set up for one client. */
  private record Wiring(MovableTicker ticker, List<LoopbackProxy> proxies) {}

  /**
   * @param proxyKey the key whose endpoints get proxies, or {@code null} for none
   * @param endpoints its parsed value, or {@code null}
   */
  RunKitFixture(MetaStateConfig config, String proxyKey, Endpoints endpoints) {
    this.config = config;
    this.proxyKey = proxyKey;
    this.endpoints = endpoints;
  }

  @Override
  public CoordinationClient open(String ownerId) {
    MovableTicker ticker = new MovableTicker();
    List<LoopbackProxy> proxies = new ArrayList<>();
    MetaStateConfig c = config.with(ConfigKeys.OWNER_ID, ownerId).withTicker(ticker);
    if (endpoints != null) {
      endpoints.ports().forEach(port -> proxies.add(LoopbackProxy.to(port)));
      c = c.with(proxyKey, endpoints.rewrite(i -> proxies.get(i).port()));
    }
    try {
      CoordinationClient client = new ProxiedClient(MetaState.open(c), proxies);
      wiring.put(client, new Wiring(ticker, proxies));
      return client;
    } catch (RuntimeException e) {
      proxies.forEach(LoopbackProxy::close);
      throw e;
    }
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> capabilities = EnumSet.of(Capability.MOVE_CLOCK);
    if (endpoints != null) {
      capabilities.add(Capability.DISCONNECT_CLIENT);
      if (endpoints.ports().size() == 1) {
        capabilities.add(Capability.NETWORK_FAULTS);
      }
    }
    return capabilities;
  }

  @Override
  public void disconnect(CoordinationClient client) {
    wiring.get(client).proxies().forEach(LoopbackProxy::cut);
  }

  @Override
  public void reconnect(CoordinationClient client) {
    wiring.get(client).proxies().forEach(LoopbackProxy::restore);
  }

  @Override
  public LoopbackProxy proxy(CoordinationClient client) {
    return wiring.get(client).proxies().get(0);
  }

  @Override
  public void advanceClock(CoordinationClient client, Duration by) {
    wiring.get(client).ticker().advance(by);
  }

  @Override
  public void close() {
    wiring.values().forEach(w -> w.proxies().forEach(LoopbackProxy::close));
    wiring.clear();
  }

  /** The provider's client, whose close also closes its proxies (a run opens hundreds of clients). */
  private final class ProxiedClient extends ForwardingCoordinationClient {
    private final List<LoopbackProxy> proxies;

    ProxiedClient(CoordinationClient delegate, List<LoopbackProxy> proxies) {
      super(delegate);
      this.proxies = proxies;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        // Its wiring stays: the kit heals every client's proxy at the end of a test, closed ones too.
        proxies.forEach(LoopbackProxy::close);
      }
    }
  }
}
