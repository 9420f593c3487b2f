package io.metastate.cdi;

import io.metastate.config.MetaStateConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Boots Weld SE with bean discovery on (so the module's beans.xml is what finds the producers and interceptor). */
final class Containers {
  private Containers() {}

  static WeldContainer boot(String id, MetaStateConfig config, Class<?>... beans) {
    return weld(id, beans).addExtension(new FixedConfig(config)).initialize();
  }

  /** Without a config override: the default producer, {@link MetaStateConfig#load()}. */
  static Weld weld(String id, Class<?>... beans) {
    return new Weld(id).skipShutdownHook().addBeanClasses(beans);
  }
}
