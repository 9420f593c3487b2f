package io.metastate.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the election of an injected {@link io.metastate.recipes.election.LeaderObserver} (closed when the bean it
 * was injected into is destroyed) or {@link io.metastate.recipes.election.LeaderCandidate.Builder} (the application
 * builds, owns and closes the candidate):
 * <pre>{@code
 * @Inject @Election("meta-servers") LeaderObserver leader;
 * @Inject @Election("meta-servers") LeaderCandidate.Builder candidacy;
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Election {
  /** The election's name, a valid lock name ({@link io.metastate.lock.LockNames}). */
  @Nonbinding
  String value();
}
