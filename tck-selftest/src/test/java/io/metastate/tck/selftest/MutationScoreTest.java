package io.metastate.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.Timing;
import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import io.metastate.tck.promises.Traceability;
import io.metastate.tck.report.KitResults;
import io.metastate.tck.report.KitResults.Outcome;
import io.metastate.tck.report.KitResults.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken provider per promise: each {@link Mutant} runs against the kit's tests that name its promise, and at least
 * one of them must fail (the mutant is caught). A control sample of tests of other promises runs with it; their
 * failures are reported as collateral, to show how closely each mutant is aimed. The score goes to
 * {@code target/mutation-score.txt}.
 */
class MutationScoreTest {
  /** Fast tests of unrelated promises, run with every mutant whose promise they do not name. */
  private static final List<String> CONTROL = List.of(
      "Meta-state › children › children returns the names",
      "Locks › query, list and force-release › query reports",
      "Multi-op transactions › a transaction › applies check, create, set and delete",
      "Watches › a watch › on children sees",
      "Sessions › a new session › belongs to one client");

  private static final List<String> LINES = new ArrayList<>();
  private static Map<String, List<String>> testsByPromise;
  private static String savedScale;
  private static int caught;
  private static int run;

  @BeforeAll
  static void setUp() {
    testsByPromise = Traceability.index(LocalFileKit.kitClass());
    savedScale = System.getProperty(Timing.TIME_SCALE_PROPERTY);
    double scale = savedScale == null ? 1 : Double.parseDouble(savedScale);
    // A caught mutant often fails by waiting for what never happens; short waits keep that quick.
    System.setProperty(Timing.TIME_SCALE_PROPERTY, Double.toString(Math.max(0.1, 0.4 * scale)));
  }

  @AfterAll
  static void score() throws IOException {
    if (savedScale == null) {
      System.clearProperty(Timing.TIME_SCALE_PROPERTY);
    } else {
      System.setProperty(Timing.TIME_SCALE_PROPERTY, savedScale);
    }
    String text = "mutation score: " + caught + "/" + run + " mutants caught; "
        + Mutants.NOT_MUTABLE.size() + " promises not mutable by a decorator\n\n"
        + String.join("\n", LINES) + "\n\nnot mutable (whole families: " + Mutants.NOT_MUTABLE_FAMILIES + "):\n" + Mutants.NOT_MUTABLE.entrySet().stream().sorted(
            Map.Entry.comparingByKey()).map(e -> "  " + e.getKey() + "\t" + e.getValue()).collect(Collectors.joining("\n"))
        + "\n";
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "mutation-score.txt"), text, StandardCharsets.UTF_8);
    System.out.println(text);
  }

  /** Every mutant, or with {@code -Dmetastate.selftest.mutants=LOCK-2,LEASE-11} only those promises' (a quick rerun). */
  static Stream<Mutant> mutants() {
    Set<String> only = Set.of(System.getProperty("metastate.selftest.mutants", "").split(","));
    return Mutants.all().stream().filter(m -> only.equals(Set.of("")) || only.contains(m.promise()));
  }

  @Test
  @DisplayName("the mutation table covers the catalogue: every promise has a mutant or a reason it has none, never both")
  void tableCoversCatalogue() {
    Set<String> mutated = new TreeSet<>();
    List<String> twice = new ArrayList<>();
    for (Mutant m : Mutants.all()) {
      if (!mutated.add(m.promise())) {
        twice.add(m.promise());
      }
    }
    Set<String> catalogued = PromiseCatalogue.load().promises().stream().map(Promise::id).collect(Collectors.toSet());
    assertThat(twice).as("promises with two mutants").isEmpty();
    assertThat(mutated).as("promises both mutated and listed as not mutable")
        .noneMatch(id -> Mutants.whyNotMutable(id) != null);
    assertThat(catalogued).as("promises with neither a mutant nor a reason for none")
        .allMatch(id -> mutated.contains(id) || Mutants.whyNotMutable(id) != null);
    assertThat(Mutants.NOT_MUTABLE.keySet()).as("not-mutable ids that are not in the catalogue")
        .allMatch(catalogued::contains);
    assertThat(mutated).as("mutants of ids that are not in the catalogue").allMatch(catalogued::contains);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutants")
  @DisplayName("a provider that breaks one promise fails that promise's tests")
  void caught(Mutant mutant) {
    List<String> own = testsByPromise.getOrDefault(mutant.promise(), List.of());
    assertThat(own).as("kit tests that name %s", mutant.promise()).isNotEmpty();
    Set<String> ownSet = new HashSet<>(own);
    List<String> control = CONTROL.stream().filter(c -> own.stream().noneMatch(o -> o.startsWith(c))).toList();
    MutantKit.current = mutant;
    KitResults results = KitRun.run(MutantKit.class, path -> ownSet.contains(path)
        || control.stream().anyMatch(path::startsWith));
    List<Outcome> ownOutcomes = results.outcomes().stream().filter(o -> ownSet.contains(o.path())).toList();
    List<String> failedOwn = ownOutcomes.stream().filter(o -> o.status() == Status.FAILED).map(Outcome::path).toList();
    List<String> collateral = results.outcomes().stream()
        .filter(o -> !ownSet.contains(o.path()) && o.status() == Status.FAILED).map(Outcome::path).toList();
    boolean isCaught = !failedOwn.isEmpty();
    synchronized (LINES) {
      run++;
      caught += isCaught ? 1 : 0;
      LINES.add(String.format("%-7s %-11s %s%n        failed %d of its %d tests%s", isCaught ? "CAUGHT" : "MISSED",
          mutant.promise(), mutant.breakage(), failedOwn.size(), own.size(),
          collateral.isEmpty() ? "" : "; collateral failures: " + collateral));
    }
    assertThat(failedOwn).as("tests of %s failed by a provider where %s%n%s", mutant.promise(), mutant.breakage(),
        results.render(null)).isNotEmpty();
  }
}
