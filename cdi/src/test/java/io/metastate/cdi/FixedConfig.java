package io.metastate.cdi;

import io.metastate.config.MetaStateConfig;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Replaces the default {@link MetaStateConfig} producer with a fixed config, as an enabled alternative: the same
 * mechanism an application uses, but per container, so that two containers in one test can use different configs.
 */
final class FixedConfig implements Extension {
  private final MetaStateConfig config;

  FixedConfig(MetaStateConfig config) {
    this.config = config;
  }

  void addConfig(@Observes AfterBeanDiscovery event) {
    event.addBean()
        .beanClass(FixedConfig.class)
        .types(MetaStateConfig.class, Object.class)
        .scope(Dependent.class)
        .alternative(true)
        .priority(1)
        .createWith(context -> config);
  }
}
