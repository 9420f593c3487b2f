package io.metastate.tck.report;

import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import io.metastate.tck.report.KitResults.Outcome;
import io.metastate.tck.report.KitResults.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The promise side of a compatibility report: every promise of the catalogue with the tests of one kit run that
 * verify it and their outcome, and a summary line. A promise is FAILED if any of its tests failed, VERIFIED if none
 * failed and at least one passed, SKIPPED if all its tests were skipped (a capability the fixture lacks), and
 * UNTESTED if no test of the run names it.
 */
public final class PromiseReport {
  /** Where a promise stands after a run. */
  public enum Verdict { VERIFIED, FAILED, SKIPPED, UNTESTED }

  private final PromiseCatalogue catalogue;
  private final Map<String, List<Outcome>> testsByPromise = new LinkedHashMap<>();

  /** The promises of {@code catalogue} as the {@code outcomes} of one kit's run verify them. */
  public PromiseReport(PromiseCatalogue catalogue, List<Outcome> outcomes) {
    this.catalogue = catalogue;
    for (Outcome o : outcomes) {
      for (String id : o.promises()) {
        testsByPromise.computeIfAbsent(id, k -> new ArrayList<>()).add(o);
      }
    }
  }

  /** The verdict on one promise. */
  public Verdict verdict(String id) {
    List<Outcome> tests = testsByPromise.getOrDefault(id, List.of());
    if (tests.isEmpty()) {
      return Verdict.UNTESTED;
    }
    if (tests.stream().anyMatch(o -> o.status() == Status.FAILED)) {
      return Verdict.FAILED;
    }
    return tests.stream().anyMatch(o -> o.status() == Status.PASSED) ? Verdict.VERIFIED : Verdict.SKIPPED;
  }

  /** How many promises have each verdict. */
  public Map<Verdict, Integer> counts() {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      counts.put(v, 0);
    }
    catalogue.promises().forEach(p -> counts.merge(verdict(p.id()), 1, Integer::sum));
    return counts;
  }

  /** "N promises: V verified, F failed, S skipped, U without a test". */
  public String summary() {
    Map<Verdict, Integer> c = counts();
    return String.format(Locale.ROOT, "%d promises: %d verified, %d failed, %d skipped, %d without a test",
        catalogue.size(), c.get(Verdict.VERIFIED), c.get(Verdict.FAILED), c.get(Verdict.SKIPPED),
        c.get(Verdict.UNTESTED));
  }

  /** Ids a test names that the catalogue does not know (a typo, or a promise removed from the catalogue). */
  public List<String> unknownIds() {
    return testsByPromise.keySet().stream().filter(id -> !catalogue.contains(id)).sorted().toList();
  }

  /** The summary, then every promise with its verdict, sentence and tests. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(summary()).append('\n');
    Map<String, Integer> perFamily = catalogue.countByFamily();
    out.append("promises per family: ").append(perFamily).append("\n\n");
    for (Promise p : catalogue.promises()) {
      out.append(String.format(Locale.ROOT, "%-9s %-11s %s%n", verdict(p.id()), p.id(), p.sentence()));
      for (Outcome o : testsByPromise.getOrDefault(p.id(), List.of())) {
        out.append(String.format(Locale.ROOT, "            %-7s %s%n", o.status(), o.path()));
      }
    }
    List<String> unknown = unknownIds();
    if (!unknown.isEmpty()) {
      out.append("\nids named by tests but not in the catalogue: ").append(unknown).append('\n');
    }
    return out.toString();
  }
}
