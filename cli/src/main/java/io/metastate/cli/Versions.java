package io.metastate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code metastate --version}: the project version, filtered into the jar at build time. */
final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/metastate-cli.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {"metastate " + p.getProperty("version", "(unknown version)") + " (Java "
        + System.getProperty("java.version") + ")"};
  }
}
