package io.metastate.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kit test (or a nested group) that needs optional {@linkplain Capability capabilities}. When the fixture
 * does not declare all of them, the test is aborted before it starts and reported as skipped, with a reason naming
 * the missing capability and the fixture hook that would provide it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {
  /** The capabilities the test needs. */
  Capability[] value();
}
