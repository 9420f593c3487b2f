package io.metastate.tck.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.metastate.tck.report.KitResults;
import java.util.List;
import java.util.function.Predicate;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a kit class programmatically through the JUnit Platform Launcher, keeping only the tests whose display path
 * ("Locks › waiting › ...") matches, and returns their outcomes. Listener auto-registration is off, so these
 * nested runs do not write the module's compatibility report.
 */
final class KitRun {
  private KitRun() {}

  static KitResults run(Class<?> kit, Predicate<String> path) {
    PostDiscoveryFilter filter = descriptor -> {
      if (!descriptor.isTest()) {
        return FilterResult.included("container");
      }
      return FilterResult.includedIf(path.test(displayPath(descriptor)));
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(kit)).filters(filter).build();
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false).build());
    KitResults results = new KitResults();
    launcher.execute(request, results);
    return results;
  }

  /** Any of the given fragments occurs in the path. */
  static Predicate<String> anyOf(String... fragments) {
    return p -> List.of(fragments).stream().anyMatch(p::contains);
  }

  private static String displayPath(TestDescriptor descriptor) {
    StringBuilder path = new StringBuilder(descriptor.getDisplayName());
    for (TestDescriptor d = descriptor.getParent().orElse(null); d != null && d.getParent().isPresent();
        d = d.getParent().orElse(null)) {
      if (d.getParent().flatMap(TestDescriptor::getParent).isEmpty()) {
        break; // the kit class itself: paths start at the feature
      }
      path.insert(0, d.getDisplayName() + " › ");
    }
    return path.toString();
  }
}
