package io.metastate.error;

/**
 * An exception about one node (or one lock name taken as a path): it names the path of the call, so a caller that
 * handles several paths knows which one failed (ERROR-2, see {@link CoordinationException}).
 */
public abstract class NodeException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  /**
   * @param path the path of the call, as given
   * @param message what went wrong, naming the path and what to do about it
   */
  protected NodeException(String path, String message) {
    super(message, false);
    this.path = path;
  }

  /** The path of the call that failed, as given. */
  public String path() {
    return path;
  }
}
