package io.metastate.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Binds {@link CoordinationClient}, {@link DistributedLockService}, {@link MetaStateService} and {@link Session} as
 * singletons of one client opened by {@link MetaState#open(MetaStateConfig)}.
 *
 * <p>Side-effect free until used: {@code configure()} only declares bindings; the configuration is read and the
 * client opened on the first injection of any of these types (with {@code Stage.PRODUCTION}, at injector creation).
 * A missing or unknown {@code metastate.provider} then fails with the same exception and message as
 * {@link MetaState#open(MetaStateConfig)}, as the cause of Guice's {@code ProvisionException} or
 * {@code CreationException}. Close the client through {@link MetaStateLifecycle}.
 */
public final class MetaStateModule extends AbstractModule {
  private final Supplier<MetaStateConfig> config;
  private final boolean closeOnShutdown;

  private MetaStateModule(Supplier<MetaStateConfig> config, boolean closeOnShutdown) {
    this.config = config;
    this.closeOnShutdown = closeOnShutdown;
  }

  /** A module configured by {@link MetaStateConfig#load()} (system properties, environment, file), read lazily. */
  public static MetaStateModule fromEnvironment() {
    return builder().build();
  }

  /** A module configured by exactly these values. */
  public static MetaStateModule of(MetaStateConfig config) {
    return builder().config(config).build();
  }

  /** A builder; each setting may be given once. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void configure() {
    bind(MetaStateLifecycle.class).toInstance(new MetaStateLifecycle());
    Multibinder.newSetBinder(binder(), ClientDecorator.class);
  }

  @Provides
  @Singleton
  MetaStateConfig config() {
    return config.get();
  }

  @Provides
  @Singleton
  CoordinationClient client(MetaStateConfig cfg, MetaStateLifecycle lifecycle, Set<ClientDecorator> decorators) {
    CoordinationClient opened = lifecycle.adopt(MetaState.open(cfg));
    if (closeOnShutdown) {
      // Registered on open, not in configure(): a module that is never used leaves no trace in the JVM.
      Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::close, "metastate-guice-shutdown"));
    }
    // The lifecycle closes the opened client: a decorator's close only delegates to it.
    CoordinationClient client = opened;
    for (ClientDecorator d : decorators) {
      client = d.decorate(client);
    }
    return client;
  }

  @Provides
  @Singleton
  DistributedLockService locks(CoordinationClient client) {
    return client.locks();
  }

  @Provides
  @Singleton
  MetaStateService state(CoordinationClient client) {
    return client.state();
  }

  @Provides
  @Singleton
  Session session(CoordinationClient client) {
    return client.session();
  }

  /** Builds a {@link MetaStateModule}; fails fast on a setting given twice. */
  public static final class Builder {
    private MetaStateConfig config;
    private Boolean closeOnShutdown;

    private Builder() {}

    /** Explicit configuration instead of {@link MetaStateConfig#load()}. */
    public Builder config(MetaStateConfig value) {
      if (value == null) {
        throw new IllegalArgumentException("config must not be null");
      }
      if (config != null) {
        throw new IllegalStateException("config set twice (" + config + ", then " + value + ")");
      }
      config = value;
      return this;
    }

    /**
     * Whether a JVM shutdown hook closes the client (default {@code false}: the application closes
     * {@link MetaStateLifecycle}). The hook is registered when the client opens, never before.
     */
    public Builder closeOnShutdown(boolean value) {
      if (closeOnShutdown != null) {
        throw new IllegalStateException("closeOnShutdown set twice (" + closeOnShutdown + ", then " + value + ")");
      }
      closeOnShutdown = value;
      return this;
    }

    /** The module. */
    public MetaStateModule build() {
      MetaStateConfig fixed = config;
      Supplier<MetaStateConfig> source = fixed != null ? () -> fixed : MetaStateConfig::load;
      return new MetaStateModule(source, closeOnShutdown != null && closeOnShutdown);
    }
  }
}
