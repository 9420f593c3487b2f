package io.metastate.tck.cli;

import io.metastate.tck.Verifies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Counts what a run did not verify: the tests that were skipped (a capability the fixture lacks), why, and the
 * promises ({@link Verifies}) that only skipped tests name. A green run with skips is not a green kit; RunKit says so
 * loudly, and {@code --strict} fails it.
 */
final class SkipTally implements TestExecutionListener {
  private static final Pattern CAPABILITY = Pattern.compile("does not declare (.+)$");

  private final Map<String, Integer> skippedBy = new TreeMap<>();
  private final Set<String> verified = new TreeSet<>();
  private final Set<String> skippedPromises = new TreeSet<>();
  private int skippedTests;

  @Override
  public synchronized void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      skipped(id, reason);
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) {
      return;
    }
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      skipped(id, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    } else if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      verified.addAll(promisesOf(id));
    }
  }

  private void skipped(TestIdentifier id, String reason) {
    skippedTests++;
    Matcher m = CAPABILITY.matcher(String.valueOf(reason));
    skippedBy.merge(m.find() ? m.group(1) : String.valueOf(reason), 1, Integer::sum);
    skippedPromises.addAll(promisesOf(id));
  }

  private static List<String> promisesOf(TestIdentifier id) {
    List<String> out = new ArrayList<>();
    id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).ifPresent(source -> {
      try {
        AnnotationSupport.findAnnotation(source.getJavaMethod(), Verifies.class).ifPresent(v -> out.addAll(List.of(v.value())));
        for (Class<?> c = source.getJavaClass(); c != null; c = c.getEnclosingClass()) {
          AnnotationSupport.findAnnotation(c, Verifies.class).ifPresent(v -> out.addAll(List.of(v.value())));
        }
      } catch (RuntimeException e) {
        // A test whose method cannot be loaded names no promise; it is still counted as a test.
      }
    });
    return out;
  }

  /** Tests skipped. */
  synchronized int skippedTests() {
    return skippedTests;
  }

  /** Promises that only skipped tests name: the run did not verify them. */
  synchronized Set<String> unverifiedPromises() {
    Set<String> out = new TreeSet<>(skippedPromises);
    out.removeAll(verified);
    return out;
  }

  /** The loud summary: how many promises and tests were not verified, and which capability each skip lacked. */
  synchronized String render() {
    if (skippedTests == 0) {
      return "every kit test ran: nothing was skipped";
    }
    StringBuilder out = new StringBuilder();
    String bar = "!".repeat(100);
    Set<String> unverified = unverifiedPromises();
    out.append(bar).append('\n');
    out.append(String.format(Locale.ROOT, "!!! %d promises not verified (%d tests skipped): a pass with skips is not a "
        + "pass of the whole kit%n", unverified.size(), skippedTests));
    if (!unverified.isEmpty()) {
      out.append("!!!   not verified: ").append(String.join(", ", unverified)).append('\n');
    }
    skippedBy.forEach((why, n) -> out.append(String.format(Locale.ROOT, "!!!   %3d skipped: no %s%n", n, why)));
    out.append("!!! give the kit fault hooks (a fixture class of the provider's, or --proxy-key <config key of the "
        + "endpoints>), or run with --strict to fail on any skip\n");
    out.append(bar);
    return out.toString();
  }
}
