package io.metastate.samples.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Boots a CDI SE container (Weld), runs the sample, and shuts the container down, which closes the metastate client.
 * Any {@code metastate.*} system property, environment variable or {@code metastate.properties} file applies; with
 * none, the sample uses the local-file provider in a directory under {@code java.io.tmpdir}.
 */
public final class Main {
  // Weld logs its start-up at INFO through java.util.logging; the sample's own lines are the point. The field keeps
  // the logger (and so its level) from being garbage-collected.
  private static final Logger WELD_LOG = Logger.getLogger("org.jboss.weld");

  private Main() {}

  public static void main(String[] args) {
    WELD_LOG.setLevel(Level.WARNING);
    SampleApp.Outcome outcome;
    try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
      outcome = container.select(SampleApp.class).get().run();
    }
    System.out.println("container shut down: session " + outcome.session().state()
        + " (closing it released its locks and deleted its ephemeral nodes)");
  }
}
