package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import io.metastate.config.ConfigKeys;
import io.metastate.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/** Collects a candidate's settings; a setting given twice fails fast. */
final class CandidateBuilder implements LeaderCandidate.Builder {
  private static final LeadershipListener NOBODY = new LeadershipListener() {
    @Override
    public void elected(Leadership leadership) {}

    @Override
    public void revoked(Leadership leadership, LossReason reason) {}
  };

  private final CoordinationClient client;
  private final String electionName;
  private byte[] metadata;
  private LeadershipListener listener;
  private Duration bound;
  private Boolean requeue;

  CandidateBuilder(CoordinationClient client, String electionName) {
    this.client = Objects.requireNonNull(client, "client");
    this.electionName = ElectionLayout.validate(electionName);
  }

  @Override
  public LeaderCandidate.Builder metadata(byte[] metadata) {
    once(this.metadata, "metadata");
    this.metadata = Objects.requireNonNull(metadata, "metadata").clone();
    return this;
  }

  @Override
  public LeaderCandidate.Builder listener(LeadershipListener listener) {
    once(this.listener, "listener");
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  @Override
  public LeaderCandidate.Builder uncertaintyBound(Duration bound) {
    once(this.bound, "uncertaintyBound");
    this.bound = Objects.requireNonNull(bound, "bound");
    return this;
  }

  @Override
  public LeaderCandidate.Builder requeue(boolean requeue) {
    once(this.requeue, "requeue");
    this.requeue = requeue;
    return this;
  }

  @Override
  public LeaderCandidate start() {
    if (client.locks().session().id() != client.state().session().id()) {
      // The leader node is written in one transaction with Op.lockHeld, which one backend must check.
      throw new ConfigurationException("leader election needs locks and meta-state on one backend, but this client"
          + " is '" + client.providerName() + "': set " + ConfigKeys.LOCK_PROVIDER + " and " + ConfigKeys.STATE_PROVIDER
          + " to the same provider (or only " + ConfigKeys.PROVIDER + ")");
    }
    UncertaintyPolicy policy = UncertaintyPolicy.of(client.locks().session().ttl(), bound);
    Candidate candidate = new Candidate(client, electionName, metadata == null ? new byte[0] : metadata,
        listener == null ? NOBODY : listener, policy, requeue == null || requeue);
    candidate.start();
    return candidate;
  }

  private static void once(Object previous, String setting) {
    if (previous != null) {
      throw new IllegalStateException(setting + " was already set on this builder");
    }
  }
}
