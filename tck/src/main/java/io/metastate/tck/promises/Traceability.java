package io.metastate.tck.promises;

import io.metastate.tck.Verifies;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Which kit test verifies which promise: read from the {@link Verifies} annotations of the test methods (and of the
 * classes that enclose them), as JUnit discovers the tests of a kit.
 */
public final class Traceability {
  private Traceability() {}

  /** The promise ids a test names, from its method and every class around it; empty for a container. */
  public static List<String> promisesOf(TestIdentifier test) {
    return test.getSource().map(Traceability::promisesOf).orElse(List.of());
  }

  /** The promise ids named by the method a source points at. */
  public static List<String> promisesOf(TestSource source) {
    if (!(source instanceof MethodSource ms)) {
      return List.of();
    }
    Method method;
    try {
      method = ms.getJavaMethod();
    } catch (RuntimeException e) {
      return List.of(); // a class that cannot be loaded names no promise
    }
    Set<String> ids = new LinkedHashSet<>();
    Optional.ofNullable(method.getAnnotation(Verifies.class)).ifPresent(v -> ids.addAll(List.of(v.value())));
    for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getEnclosingClass()) {
      Optional.ofNullable(c.getAnnotation(Verifies.class)).ifPresent(v -> ids.addAll(List.of(v.value())));
    }
    return List.copyOf(ids);
  }

  /**
   * Every promise id the tests of {@code kitClass} name, with the display paths of those tests, as JUnit discovers
   * them (nothing runs). A concrete kit class (a provider's subclass) is needed for JUnit to find the nested groups.
   */
  public static Map<String, List<String>> index(Class<?> kitClass) {
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false).build());
    TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(kitClass)).build());
    Map<String, List<String>> byPromise = new TreeMap<>();
    for (TestIdentifier root : plan.getRoots()) {
      collect(plan, root, byPromise);
    }
    return byPromise;
  }

  private static void collect(TestPlan plan, TestIdentifier id, Map<String, List<String>> byPromise) {
    if (id.isTest()) {
      String path = displayPath(plan, id);
      promisesOf(id).forEach(p -> byPromise.computeIfAbsent(p, k -> new ArrayList<>()).add(path));
    }
    plan.getChildren(id).forEach(child -> collect(plan, child, byPromise));
  }

  private static String displayPath(TestPlan plan, TestIdentifier id) {
    List<String> names = new ArrayList<>();
    for (Optional<TestIdentifier> t = Optional.of(id); t.isPresent(); t = plan.getParent(t.get())) {
      if (plan.getParent(t.get()).isPresent()) { // leave out the engine
        names.add(0, t.get().getDisplayName());
      }
    }
    // the kit class itself is the first name; paths start at the feature, as in the report
    return String.join(" › ", names.subList(Math.min(1, names.size()), names.size()));
  }
}
