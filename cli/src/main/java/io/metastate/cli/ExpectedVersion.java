package io.metastate.cli;

import io.metastate.state.MetaStateService;
import picocli.CommandLine.Option;

/**
 * {@code --version N} of a command that writes one node: the version the node must still have (as in zkCli). It takes
 * the name of picocli's standard {@code --version}, so such a command keeps only {@code --help} of the standard
 * options, declared here.
 */
final class ExpectedVersion {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--version", paramLabel = "N", description = "Expected current version (default: any).")
  Long version;

  /** Whether {@code --version} was given. */
  boolean given() {
    return version != null;
  }

  /** The expected version to pass on: the one given, else {@link MetaStateService#ANY_VERSION}. */
  long orAny() {
    if (version != null && version < 0) {
      throw CliException.usage("--version must be >= 0, was " + version);
    }
    return version == null ? MetaStateService.ANY_VERSION : version;
  }
}
