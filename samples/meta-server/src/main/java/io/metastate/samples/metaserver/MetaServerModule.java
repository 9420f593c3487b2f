package io.metastate.samples.metaserver;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateMetricsModule;
import io.metastate.error.ConfigurationException;
import io.metastate.samples.metaserver.balance.Balancer;
import io.metastate.samples.metaserver.http.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The meta server's own bindings, on top of {@link io.metastate.guice.MetaStateModule}: settings, tokens, and the
 * balancers by name. Another module may add a balancer with
 * {@code MapBinder.newMapBinder(binder(), String.class, Balancer.class).addBinding("mine").to(Mine.class)} and
 * select it with {@code metaserver.balancer=mine}. No I/O here.
 */
public final class MetaServerModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, Balancer> balancers = MapBinder.newMapBinder(binder(), String.class, Balancer.class);
    balancers.addBinding("simple").toInstance(Balancer.simple());
    balancers.addBinding("greedy").toInstance(Balancer.greedy());
    bind(MetaServer.class).in(Singleton.class);
    // The library's meters (every call of the injected client) and the server's own, scraped at /metrics.
    install(new MetaStateMetricsModule());
    bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
  }

  @Provides
  @Singleton
  PrometheusMeterRegistry meterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Provides
  @Singleton
  Settings settings(MetaStateConfig config) {
    return Settings.from(config);
  }

  @Provides
  @Singleton
  Tokens tokens(Settings s) {
    try {
      return new Tokens(s.nodeToken(), s.adminToken());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("metaserver.auth.node-token and metaserver.auth.admin-token: "
          + e.getMessage());
    }
  }

  @Provides
  @Named("metaserver.balancer")
  String balancerName(Settings s) {
    return s.balancer();
  }

  @Provides
  @Singleton
  Balancer balancer(Settings s, Map<String, Balancer> balancers) {
    Balancer b = balancers.get(s.balancer());
    if (b == null) {
      throw new ConfigurationException("metaserver.balancer '" + s.balancer() + "' is unknown; use one of "
          + new java.util.TreeSet<>(balancers.keySet()));
    }
    return b;
  }
}
