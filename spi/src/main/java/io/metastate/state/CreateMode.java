package io.metastate.state;

/** How a node is created. */
public enum CreateMode {
  /** Lives until deleted. */
  PERSISTENT(false, false),
  /** Deleted when the creating session ends; cannot have children. */
  EPHEMERAL(true, false),
  /**
   * Persistent; the name is suffixed with a zero-padded 10-digit counter. The suffix of a sequential create is
   * greater than every earlier sequential suffix under the same parent, in either sequential mode and after deletes,
   * so that children sort in creation order. [STATE-22]
   */
  PERSISTENT_SEQUENTIAL(false, true),
  /** Ephemeral and sequential. */
  EPHEMERAL_SEQUENTIAL(true, true);

  private final boolean ephemeral;
  private final boolean sequential;

  CreateMode(boolean ephemeral, boolean sequential) {
    this.ephemeral = ephemeral;
    this.sequential = sequential;
  }

  /** Whether the node dies with its session. */
  public boolean isEphemeral() {
    return ephemeral;
  }

  /** Whether a counter suffix is appended to the name. */
  public boolean isSequential() {
    return sequential;
  }

  /** The suffix a sequential create appends for counter value {@code n}: 10 digits, zero-padded. */
  public static String sequenceSuffix(long n) {
    return String.format("%010d", n);
  }
}
