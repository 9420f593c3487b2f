package io.metastate.tck.selftest;

/** Hands the local-file kit class to tests in other packages of the self-test (it is package-private). */
public final class LocalFileKit {
  private LocalFileKit() {}

  /** The whole kit bound to the real local-file provider. */
  public static Class<?> kitClass() {
    return LocalFileCompatibilityTest.class;
  }
}
