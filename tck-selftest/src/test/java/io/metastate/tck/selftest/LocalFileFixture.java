package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * provider-localfile's fixture (every fault hook, a {@link io.metastate.tck.MovableTicker} per client) with the
 * self-test's 1 s sessions, optionally wrapping each client: the broken providers of the self-test are such wrappers.
 */
final class LocalFileFixture extends io.metastate.localfile.LocalFileFixture {
  LocalFileFixture(UnaryOperator<CoordinationClient> wrap) {
    super(Duration.ofSeconds(1), wrap);
  }

  LocalFileFixture() {
    this(UnaryOperator.identity());
  }
}
