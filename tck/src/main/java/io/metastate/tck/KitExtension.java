package io.metastate.tck;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Wires a {@link CompatibilityKit} to JUnit: one {@link ProviderFixture} per top-level test class, kept in that
 * class's {@link ExtensionContext.Store} (closed after its last test), a fresh {@link KitContext} per test, kept in
 * the test's store (which closes its clients and undoes its faults), and capability checks that skip by name.
 */
final class KitExtension implements BeforeEachCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(KitExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<Capability> needed = requiredCapabilities(context);
    if (needed.isEmpty()) {
      return;
    }
    FixtureHandle handle = fixtureHandle(context);
    Set<Capability> missing = EnumSet.copyOf(needed);
    missing.removeAll(handle.fixture().capabilities());
    Assumptions.assumeTrue(missing.isEmpty(), () -> KitContext.skipReason(handle.label(), missing));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KitContext.class && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FixtureHandle handle = fixtureHandle(context);
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(KitContext.class,
        k -> new KitContext(handle.fixture(), handle.label(), context.getUniqueId()), KitContext.class);
  }

  private static Set<Capability> requiredCapabilities(ExtensionContext context) {
    Set<Capability> needed = EnumSet.noneOf(Capability.class);
    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Requires.class))
        .ifPresent(r -> needed.addAll(List.of(r.value())));
    for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
      AnnotationSupport.findAnnotation(c.get(), Requires.class).ifPresent(r -> needed.addAll(List.of(r.value())));
    }
    return needed;
  }

  /** The fixture of the outermost test class, created on first use and stored in that class's context. */
  private static FixtureHandle fixtureHandle(ExtensionContext context) {
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    if (instances.isEmpty() || !(instances.get(0) instanceof CompatibilityKit kit)) {
      throw new IllegalStateException("KitExtension serves subclasses of " + CompatibilityKit.class.getName()
          + ", not " + context.getRequiredTestClass().getName());
    }
    ExtensionContext classContext = context;
    while (classContext.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(FixtureHandle.class,
        k -> new FixtureHandle(kit), FixtureHandle.class);
  }

  /** Holds the fixture, or why it could not be made, so that every test reports the same cause. */
  private static final class FixtureHandle implements ExtensionContext.Store.CloseableResource {
    private final ProviderFixture fixture;
    private final RuntimeException failure;
    private final String label;

    FixtureHandle(CompatibilityKit kit) {
      this.label = "the fixture of " + kit.getClass().getSimpleName();
      ProviderFixture made = null;
      RuntimeException failed = null;
      try {
        made = kit.fixture();
        if (made == null) {
          failed = new IllegalStateException(kit.getClass().getName() + ".fixture() returned null");
        }
      } catch (RuntimeException e) {
        failed = e;
      }
      this.fixture = made;
      this.failure = failed;
    }

    String label() {
      return label;
    }

    ProviderFixture fixture() {
      if (failure != null) {
        throw new IllegalStateException("the provider fixture could not be created: " + failure.getMessage(), failure);
      }
      return fixture;
    }

    @Override
    public void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}
