package io.metastate.tck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import io.metastate.tck.report.KitResults.Outcome;
import io.metastate.tck.report.KitResults.Status;
import io.metastate.tck.report.PromiseReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromiseReportTest {
  private static final PromiseCatalogue CATALOGUE = PromiseCatalogue.of(List.of(
      new Promise("LOCK-1", "passes"), new Promise("LOCK-2", "one test fails"), new Promise("LOCK-3", "only skipped"),
      new Promise("LOCK-4", "nobody tests it")));

  private static Outcome test(String name, Status status, String... promises) {
    return new Outcome("Kit", "Locks", name, status, "", List.of(promises));
  }

  @Test
  void verdictsAndSummary() {
    PromiseReport report = new PromiseReport(CATALOGUE, List.of(
        test("a", Status.PASSED, "LOCK-1", "LOCK-2"),
        test("b", Status.FAILED, "LOCK-2"),
        test("c", Status.SKIPPED, "LOCK-3", "LOCK-1"),
        test("d", Status.PASSED, "LOCK-99")));
    assertThat(report.verdict("LOCK-1")).isEqualTo(Verdict.VERIFIED);
    assertThat(report.verdict("LOCK-2")).isEqualTo(Verdict.FAILED);
    assertThat(report.verdict("LOCK-3")).isEqualTo(Verdict.SKIPPED);
    assertThat(report.verdict("LOCK-4")).isEqualTo(Verdict.UNTESTED);
    assertThat(report.summary()).isEqualTo("4 promises: 1 verified, 1 failed, 1 skipped, 1 without a test");
    assertThat(report.unknownIds()).containsExactly("LOCK-99");
    assertThat(report.render()).contains("FAILED    LOCK-2      one test fails", "FAILED  Locks › b", "LOCK-99");
  }
}
