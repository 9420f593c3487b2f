package io.metastate.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the {@link io.metastate.recipes.rangelock.KeyLockSpace} to inject:
 * {@code @Inject @KeySpace("players") KeyLockSpace players;}. Each injection point gets its own handle on the
 * container's client, closed (its requests withdrawn, its leases released) when the bean it was injected into is
 * destroyed.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface KeySpace {
  /** The space's name, a valid lock name ({@link io.metastate.lock.LockNames}). */
  @Nonbinding
  String value();
}
