package io.metastate.guice;

import io.metastate.CoordinationClient;

/**
 * Wraps the client {@link MetaStateModule} opens, before anything is injected with it: metrics, tracing, auditing.
 * Contribute one with {@code Multibinder.newSetBinder(binder(), ClientDecorator.class).addBinding().to(...)};
 * decorators apply in binding order. {@link MetaStateMetricsModule} is one.
 */
@FunctionalInterface
public interface ClientDecorator {
  /** The client to inject instead of {@code client}; closing it must close {@code client}. */
  CoordinationClient decorate(CoordinationClient client);
}
