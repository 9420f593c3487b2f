package io.metastate.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every {@link Locked} method when the container starts (lock name, timeout, and SKIP only on methods that
 * can return nothing), so a typo fails deployment instead of the first call.
 */
public class LockedValidation implements Extension {
  private final List<Throwable> problems = new ArrayList<>();

  <T> void check(@Observes @WithAnnotations(Locked.class) ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    if (type.isAnnotationPresent(Interceptor.class)) {
      return; // an interceptor carries the binding to say what it serves, not to be locked itself
    }
    Locked onType = type.getAnnotation(Locked.class);
    for (AnnotatedMethod<? super T> method : type.getMethods()) {
      Locked locked = method.isAnnotationPresent(Locked.class) ? method.getAnnotation(Locked.class) : onType;
      if (locked == null || method.isStatic() || method.getJavaMember().isSynthetic()
          || method.getJavaMember().getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        LockSpec.of(method.getJavaMember(), locked);
      } catch (RuntimeException e) {
        problems.add(e);
      }
    }
  }

  void report(@Observes AfterBeanDiscovery event) {
    problems.forEach(event::addDefinitionError);
  }
}
