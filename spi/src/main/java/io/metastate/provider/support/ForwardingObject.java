package io.metastate.provider.support;

import java.util.Objects;

/**
 * What every forwarding service shares (as Guava's {@code ForwardingObject}): the object it forwards to, and a
 * {@code toString} that names the decorator and what it decorates.
 *
 * @param <T> the type forwarded to
 */
abstract class ForwardingObject<T> {
  private final T delegate;

  ForwardingObject(T delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The object this one forwards to. */
  protected final T delegate() {
    return delegate;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
