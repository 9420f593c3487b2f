package io.metastate.tck.selftest.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import io.metastate.tck.promises.Traceability;
import io.metastate.tck.selftest.LocalFileKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The coverage gate, and the proof that it can fail. */
class EveryPromiseHasATestTest {
  private static PromiseCatalogue catalogue;
  private static Map<String, List<String>> testsByPromise;

  @BeforeAll
  static void index() {
    catalogue = PromiseCatalogue.load();
    testsByPromise = Traceability.index(LocalFileKit.kitClass());
  }

  @Test
  @DisplayName("every catalogued promise has a kit test that names it with @Verifies")
  void gate() {
    CoverageGate.check(catalogue, testsByPromise, CoverageGate.awaiting());
  }

  @Test
  @DisplayName("every id a kit test names is in the catalogue")
  void noUnknownIds() {
    assertThat(testsByPromise.keySet()).as("ids named by @Verifies").allMatch(catalogue::contains);
  }

  @Test
  @DisplayName("a promise listed as awaiting its test is in the catalogue and has no test yet (else delete its line)")
  void awaitingIsCurrent() {
    for (String id : CoverageGate.awaiting()) {
      assertThat(catalogue.contains(id)).as("%s is in the catalogue", id).isTrue();
      assertThat(testsByPromise.getOrDefault(id, List.of())).as("tests of %s, which is listed as awaiting", id)
          .isEmpty();
    }
  }

  @Test
  @DisplayName("fails on a catalogue with a promise that no test names, naming that promise and only it")
  void gateCanFail() {
    List<Promise> promises = new ArrayList<>(catalogue.promises());
    promises.add(new Promise("LOCK-999", "A synthetic promise that no kit test verifies."));
    PromiseCatalogue synthetic = PromiseCatalogue.of(promises);
    // Every real promise has a test in this synthetic index, so the gate's verdict depends on LOCK-999 alone.
    Map<String, List<String>> index = new java.util.HashMap<>();
    catalogue.promises().forEach(p -> index.put(p.id(), List.of("a test of " + p.id())));
    assertThatCode(() -> CoverageGate.check(catalogue, index, Set.of())).doesNotThrowAnyException();
    assertThat(CoverageGate.untested(synthetic, index, Set.of())).extracting(Promise::id).containsExactly("LOCK-999");
    assertThatThrownBy(() -> CoverageGate.check(synthetic, index, Set.of()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("1 promise(s)").hasMessageContaining("LOCK-999")
        .hasMessageContaining("A synthetic promise that no kit test verifies.");
    // An awaiting entry lets a promise through only while it is listed.
    assertThat(CoverageGate.untested(synthetic, index, Set.of("LOCK-999"))).isEmpty();
  }
}
