package io.metastate.samples.cdi;

import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;

/**
 * How an application overrides metastate-cdi's configuration: an enabled alternative producer of
 * {@link MetaStateConfig}. This one keeps the standard sources and only fills in defaults, so the sample runs with
 * nothing installed yet still honours {@code -Dmetastate.localfile.dir=...} or {@code METASTATE_LOCALFILE_DIR} (and
 * another provider's keys, once its jar is on the classpath).
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class SampleConfig {
  static final String LOCALFILE_DIR = "metastate.localfile.dir";

  /** The standard configuration, defaulting to the local-file provider under {@code java.io.tmpdir}. */
  @Produces
  public MetaStateConfig config() {
    MetaStateConfig config = MetaStateConfig.load();
    if (config.get(ConfigKeys.PROVIDER).isEmpty()) {
      config = config.with(ConfigKeys.PROVIDER, "localfile");
    }
    if (config.get(LOCALFILE_DIR).isEmpty()) {
      String dir = Path.of(System.getProperty("java.io.tmpdir"), "metastate-cdi-sample").toString();
      config = config.with(LOCALFILE_DIR, dir);
    }
    return config;
  }
}
