package io.metastate.state;

/**
 * The metadata of a node.
 *
 * @param version the data version: 0 when created, +1 on every set; the value a CAS compares against
 * @param createRevision the provider-global revision at which the node was created (ZooKeeper czxid, etcd
 *     create_revision); monotonic across the whole store
 * @param modRevision the provider-global revision of the last change to the node's data (mzxid, mod_revision)
 * @param ephemeralOwner the {@link io.metastate.session.Session#id() session id} owning an ephemeral node, or
 *     {@link #NO_OWNER} for a persistent one. The ephemeralOwner of an ephemeral node is the id of the session that
 *     created it, as every client reads it, and that of a persistent node is NO_OWNER. [STATE-23]
 */
public record Stat(long version, long createRevision, long modRevision, long ephemeralOwner) {
  /** The {@link #ephemeralOwner()} of persistent nodes. */
  public static final long NO_OWNER = 0L;

  public Stat {
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was " + version);
    }
    if (createRevision <= 0 || modRevision < createRevision) {
      throw new IllegalArgumentException(
          "revisions must satisfy 0 < createRevision <= modRevision, were " + createRevision + ", " + modRevision);
    }
  }

  /** Whether the node belongs to a session and dies with it. */
  public boolean isEphemeral() {
    return ephemeralOwner != NO_OWNER;
  }
}
