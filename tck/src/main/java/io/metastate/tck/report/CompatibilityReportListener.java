package io.metastate.tck.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the compatibility report after every run that included kit tests. Registered in the kit's
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so a provider module that runs the kit
 * with Maven Surefire (or any JUnit Platform launcher) gets it without configuration.
 *
 * <p>The report goes to the file named by {@code -Dmetastate.tck.report}, else to
 * {@code target/metastate-tck-report.txt} when the working directory has a {@code target} directory (Surefire runs in
 * the module directory), else to {@code metastate-tck-report.txt} in the working directory. Results accumulate over
 * the runs of one JVM, so a Surefire run that executes test classes one by one still gets one complete report.
 */
public final class CompatibilityReportListener implements TestExecutionListener {
  /** The system property that names the report file. */
  public static final String REPORT_PROPERTY = "metastate.tck.report";

  // One collector per JVM: launchers may create a listener per run, and the report covers them all.
  private static final KitResults RESULTS = new KitResults();

  /** Used by {@link java.util.ServiceLoader}. */
  public CompatibilityReportListener() {}

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    RESULTS.testPlanExecutionStarted(testPlan);
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    RESULTS.executionSkipped(id, reason);
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    RESULTS.executionFinished(id, result);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (RESULTS.outcomes().isEmpty()) {
      return;
    }
    Path file = reportFile();
    String header = "# written " + Instant.now() + " by " + getClass().getName() + "; timeScale "
        + System.getProperty("metastate.test.timeScale", "1") + "\n\n";
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, header + RESULTS.render(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metastate compatibility report to " + file.toAbsolutePath(), e);
    }
  }

  /** Where the report of this JVM goes. */
  public static Path reportFile() {
    String configured = System.getProperty(REPORT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path target = Path.of("target");
    return Files.isDirectory(target) ? target.resolve("metastate-tck-report.txt") : Path.of("metastate-tck-report.txt");
  }
}
