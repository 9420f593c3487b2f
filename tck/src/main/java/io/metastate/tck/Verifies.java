package io.metastate.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The promises of the SPI a kit test verifies, by id ({@code LOCK-7}, {@code WIRE-2}, ...). The ids and their
 * sentences are kept in the promise catalogue ({@code io/metastate/tck/promises/<FAMILY>.tsv} on the kit's classpath:
 * one promise a line, {@code ID<TAB>sentence}); the compatibility report lists every promise with the tests that
 * verify it and their outcome.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Verifies {
  /** The promise ids. */
  String[] value();
}
