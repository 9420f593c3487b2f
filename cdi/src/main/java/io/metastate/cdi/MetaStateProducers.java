package io.metastate.cdi;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Produces one {@link CoordinationClient} per container, opened by {@link MetaState#open(MetaStateConfig)} on the
 * provider named by {@code metastate.provider}, and its {@link DistributedLockService}, {@link MetaStateService} and
 * {@link Session}, all {@link ApplicationScoped}. The client is closed when the container shuts down, which releases
 * its locks and deletes its ephemeral nodes.
 *
 * <p>The configuration is {@link MetaStateConfig#load()} (system properties, environment, properties file). An
 * application replaces it by declaring its own producer of {@link MetaStateConfig} as an enabled alternative:
 * <pre>{@code
 * @Alternative @Priority(Interceptor.Priority.APPLICATION)
 * class MyConfig {
 *   @Produces MetaStateConfig config() { return MetaStateConfig.builder().set("metastate.provider", "localfile")...build(); }
 * }
 * }</pre>
 *
 * <p>The client is opened while the container starts, so a missing or unknown provider, or a backend that cannot be
 * reached, fails start-up with the same {@link io.metastate.error.ConfigurationException} as {@link MetaState#open()}.
 */
@ApplicationScoped
public class MetaStateProducers {
  /** The standard configuration layering; replace it with an {@code @Alternative} producer. */
  @Produces
  @Dependent
  public MetaStateConfig config() {
    return MetaStateConfig.load();
  }

  /**
   * The one client of this container. If the application has a Micrometer {@code MeterRegistry} bean and
   * {@code metastate-micrometer} is on the classpath, the client is instrumented into that registry.
   */
  @Produces
  @ApplicationScoped
  public CoordinationClient client(MetaStateConfig config, BeanManager beans) {
    CoordinationClient client = MetaState.open(config);
    try {
      return Metrics.instrument(client, beans);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Ends the session at container shutdown: releases its locks and deletes its ephemeral nodes. */
  public void close(@Disposes CoordinationClient client) {
    client.close();
  }

  /** The client's lock service. */
  @Produces
  @ApplicationScoped
  public DistributedLockService locks(CoordinationClient client) {
    return client.locks();
  }

  /** The client's meta-state service. */
  @Produces
  @ApplicationScoped
  public MetaStateService state(CoordinationClient client) {
    return client.state();
  }

  /** The client's session (of the meta-state service, if lock and state providers were configured apart). */
  @Produces
  @ApplicationScoped
  public Session session(CoordinationClient client) {
    return client.session();
  }

  // Application-scoped beans are created on first use; touching the client here moves a bad configuration or an
  // unreachable backend from the first request to container start-up, where the plain API would also fail.
  void openAtStartup(@Observes @Initialized(ApplicationScoped.class) Object event, CoordinationClient client) {
    client.providerName();
  }
}
