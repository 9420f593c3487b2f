package io.metastate.tck.report;

import io.metastate.tck.CompatibilityKit;
import io.metastate.tck.promises.PromiseCatalogue;
import io.metastate.tck.promises.Traceability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the outcome of every kit test of a run: a {@link TestExecutionListener} that keeps, for each test below a
 * {@link CompatibilityKit} subclass, its kit, feature (the first nested group), name, status and reason. Tests of
 * other classes are ignored. Thread-safe.
 */
public final class KitResults implements TestExecutionListener {
  /** How a test ended. Aborted tests (a missing capability) count as skipped. */
  public enum Status { PASSED, FAILED, SKIPPED }

  /**
   * One test's outcome.
   *
   * @param kit the simple name of the provider's kit class
   * @param feature the first nested group's display name ({@code Locks}), or the kit itself for a class-level failure
   * @param test the display names below the feature, joined with " › "
   * @param status how it ended
   * @param reason the failure or skip message; empty when passed
   * @param promises the promise ids the test names with {@link io.metastate.tck.Verifies}
   */
  public record Outcome(String kit, String feature, String test, Status status, String reason, List<String> promises) {
    public Outcome {
      promises = List.copyOf(promises);
    }

    /** {@code feature › test}. */
    public String path() {
      return test.isEmpty() ? feature : feature + " › " + test;
    }
  }

  private final List<Outcome> outcomes = new ArrayList<>();
  private TestPlan plan;

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      add(id, Status.SKIPPED, reason);
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Status status = switch (result.getStatus()) {
      case SUCCESSFUL -> Status.PASSED;
      case ABORTED -> Status.SKIPPED;
      case FAILED -> Status.FAILED;
    };
    // A container that fails (say, the fixture could not start) is reported; one that passes says nothing new.
    if (id.isTest() || status == Status.FAILED) {
      add(id, status, result.getThrowable().map(t -> status == Status.SKIPPED ? skipReason(t) : firstLine(t)).orElse(""));
    }
  }

  private static String skipReason(Throwable t) {
    return String.valueOf(t.getMessage()).replaceFirst("^Assumption failed: ", "");
  }

  private static String firstLine(Throwable t) {
    String message = String.valueOf(t.getMessage()).strip();
    String head = t.getClass().getSimpleName() + ": " + message;
    return head.length() > 2000 ? head.substring(0, 2000) + " …" : head;
  }

  private synchronized void add(TestIdentifier id, Status status, String reason) {
    if (plan == null) {
      return;
    }
    List<TestIdentifier> lineage = new ArrayList<>();
    for (Optional<TestIdentifier> t = Optional.of(id); t.isPresent(); t = plan.getParent(t.get())) {
      lineage.add(0, t.get());
    }
    int kitIndex = -1;
    for (int i = 0; i < lineage.size(); i++) {
      if (isKitClass(lineage.get(i))) {
        kitIndex = i;
        break;
      }
    }
    if (kitIndex < 0) {
      return;
    }
    String kit = lineage.get(kitIndex).getDisplayName();
    String feature = kitIndex + 1 < lineage.size() ? lineage.get(kitIndex + 1).getDisplayName() : "(whole kit)";
    List<String> rest = new ArrayList<>();
    for (int i = kitIndex + 2; i < lineage.size(); i++) {
      rest.add(lineage.get(i).getDisplayName());
    }
    outcomes.add(new Outcome(kit, feature, String.join(" › ", rest), status, reason, Traceability.promisesOf(id)));
  }

  private static boolean isKitClass(TestIdentifier id) {
    return id.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast).map(s -> {
      try {
        Class<?> c = s.getJavaClass();
        return CompatibilityKit.class.isAssignableFrom(c);
      } catch (RuntimeException e) {
        return false;
      }
    }).orElse(false);
  }

  /** The outcomes so far, in the order the tests finished. */
  public synchronized List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Whether no kit test failed. */
  public synchronized boolean passed() {
    return outcomes.stream().noneMatch(o -> o.status() == Status.FAILED);
  }

  /**
   * The report as text, per kit: a table of features with counts, the promise summary line, every test with its
   * status and reason, then every promise of the catalogue with its verdict and tests.
   */
  public synchronized String render() {
    return render(catalogue());
  }

  /** The catalogue on the kit's classpath, or an empty one if it cannot be read (the report says so). */
  private static PromiseCatalogue catalogue() {
    try {
      return PromiseCatalogue.load();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The promises of one kit's run, against {@code catalogue}. */
  public synchronized PromiseReport promises(String kit, PromiseCatalogue catalogue) {
    return new PromiseReport(catalogue, outcomes.stream().filter(o -> o.kit().equals(kit)).toList());
  }

  /** {@link #render()} against a given catalogue ({@code null}: none could be read). */
  public synchronized String render(PromiseCatalogue catalogue) {
    StringBuilder out = new StringBuilder();
    Map<String, List<Outcome>> byKit = new LinkedHashMap<>();
    outcomes.forEach(o -> byKit.computeIfAbsent(o.kit(), k -> new ArrayList<>()).add(o));
    for (Map.Entry<String, List<Outcome>> kit : byKit.entrySet()) {
      out.append("metastate compatibility report: ").append(kit.getKey()).append("\n");
      out.append(String.format(Locale.ROOT, "%-28s %7s %7s %8s%n", "feature", "passed", "failed", "skipped"));
      Map<String, int[]> counts = new LinkedHashMap<>();
      for (Outcome o : kit.getValue()) {
        counts.computeIfAbsent(o.feature(), f -> new int[3])[o.status().ordinal()]++;
      }
      int[] total = new int[3];
      counts.forEach((feature, c) -> {
        out.append(String.format(Locale.ROOT, "%-28s %7d %7d %8d%n", feature, c[0], c[1], c[2]));
        for (int i = 0; i < 3; i++) {
          total[i] += c[i];
        }
      });
      out.append(String.format(Locale.ROOT, "%-28s %7d %7d %8d%n%n", "TOTAL", total[0], total[1], total[2]));
      PromiseReport promises = catalogue == null ? null : new PromiseReport(catalogue, kit.getValue());
      out.append(promises == null ? "promise catalogue: not found on the classpath" : promises.summary())
          .append("\n\n");
      kit.getValue().stream()
          .sorted(Comparator.comparing(Outcome::status, Comparator.comparingInt(s -> s == Status.FAILED ? 0
              : s == Status.SKIPPED ? 1 : 2)).thenComparing(Outcome::path))
          .forEach(o -> {
            out.append(String.format(Locale.ROOT, "%-7s %s%n", o.status(), o.path()));
            if (!o.reason().isEmpty()) {
              out.append("        ").append(o.reason().replace("\n", "\n        ")).append("\n");
            }
          });
      out.append("\n");
      if (promises != null) {
        out.append(promises.render()).append("\n");
      }
    }
    return out.toString();
  }
}
