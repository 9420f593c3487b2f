package io.metastate.tck.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Timing;
import io.metastate.tck.report.CompatibilityReportListener;
import io.metastate.tck.report.KitResults;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the compatibility kit against the provider a properties file configures, prints the report and, loudly, how
 * many promises the run did not verify (tests skipped for a missing fault hook); exits 0 if every test passed or was
 * skipped (with {@code --strict}: passed), 1 if any failed, 2 on bad usage.
 *
 * <pre>
 * java -cp "metastate-tck-0.1.0-SNAPSHOT-kit.jar:my-provider.jar:its-dependencies/*" \
 *     io.metastate.tck.cli.RunKit --config my-provider.properties [--report FILE] [--only TEXT] [--time-scale N]
 *     [--proxy-key KEY|auto|none] [--strict]
 * </pre>
 *
 * The properties file holds {@code metastate.provider} and the provider's keys (a short {@code metastate.session.ttl}
 * keeps the run fast). {@code --only} keeps the tests whose path ("Locks › waiting › ...") contains the text.
 * The kit runs some fault hooks itself ({@link RunKitFixture}): a movable clock per client, and with
 * {@code --proxy-key} (default {@code auto}: a known endpoints key such as {@code metastate.zookeeper.connect} or
 * {@code metastate.etcd.endpoints}) a proxy per client in front of the loopback endpoints that key names, for
 * disconnects, lost replies, delays and blackholes.
 */
public final class RunKit {
  private RunKit() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the kit; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    String config = null;
    String only = null;
    boolean strict = false;
    while (!rest.isEmpty()) {
      String arg = rest.poll();
      if (arg.equals("--strict")) {
        strict = true;
        continue;
      }
      String value = rest.poll();
      if (value == null) {
        return usage(err, "missing value after " + arg);
      }
      switch (arg) {
        case "--config" -> config = value;
        case "--report" -> System.setProperty(CompatibilityReportListener.REPORT_PROPERTY, value);
        case "--only" -> only = value;
        case "--time-scale" -> System.setProperty(Timing.TIME_SCALE_PROPERTY, value);
        case "--proxy-key" -> System.setProperty(ConfiguredProviderCompatibilityTest.PROXY_KEY_PROPERTY, value);
        default -> {
          return usage(err, "unknown option " + arg);
        }
      }
    }
    if (config == null) {
      return usage(err, "--config is required");
    }
    if (!Files.isRegularFile(Path.of(config))) {
      return usage(err, "--config " + config + " is not a readable file");
    }
    System.setProperty(ConfiguredProviderCompatibilityTest.CONFIG_PROPERTY, config);
    MetaStateConfig loaded = ConfiguredProviderCompatibilityTest.load();
    String provider = loaded.get(ConfigKeys.PROVIDER).orElse("(unset)");
    out.println("metastate TCK: provider '" + provider + "' from " + config + "; providers on the classpath: "
        + MetaState.availableProviders());
    out.println("fault hooks the kit runs itself: a movable clock per client; "
        + ConfiguredProviderCompatibilityTest.proxyDescription(loaded));

    String filterText = only;
    PostDiscoveryFilter filter = d -> FilterResult.includedIf(filterText == null || !d.isTest()
        || d.getLegacyReportingName().contains(filterText) || path(d).contains(filterText));
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(ConfiguredProviderCompatibilityTest.class)).filters(filter).build();
    Launcher launcher = LauncherFactory.create();
    KitResults results = new KitResults();
    SkipTally skips = new SkipTally();
    launcher.execute(request, results, skips);
    out.println(results.render());
    out.println(skips.render());
    out.println("report written to " + CompatibilityReportListener.reportFile().toAbsolutePath());
    if (results.outcomes().isEmpty()) {
      err.println("no kit test ran" + (only == null ? "" : " (nothing matches --only " + only + ")"));
      return 1;
    }
    if (strict && skips.skippedTests() > 0) {
      err.println("--strict: " + skips.skippedTests() + " tests were skipped, so the kit did not pass");
      return 1;
    }
    return results.passed() ? 0 : 1;
  }

  private static String path(org.junit.platform.engine.TestDescriptor d) {
    StringBuilder path = new StringBuilder(d.getDisplayName());
    for (var p = d.getParent(); p.isPresent() && p.get().getParent().isPresent(); p = p.get().getParent()) {
      path.insert(0, p.get().getDisplayName() + " › ");
    }
    return path.toString();
  }

  private static int usage(PrintStream err, String problem) {
    err.println(problem);
    err.println("usage: java -cp \"metastate-tck-<version>-kit.jar:<provider jar and its dependencies>\" "
        + RunKit.class.getName() + " --config <provider.properties> [--report <file>] [--only <text>]"
        + " [--time-scale <n>] [--proxy-key <config key>|auto|none] [--strict]");
    return 2;
  }
}
