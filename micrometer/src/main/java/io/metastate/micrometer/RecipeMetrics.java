package io.metastate.micrometer;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.election.LeadershipListener;
import io.metastate.recipes.election.LossReason;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters for the recipes: whether this process leads an election ({@code metastate.election.leader}, per election)
 * and how long key-lock requests wait ({@code metastate.keylock.wait}, by space, mode and outcome). A separate class
 * from {@link MetaStateMetrics} so that applications without the recipes never load their types.
 *
 * <pre>{@code
 * RecipeMetrics recipes = RecipeMetrics.of(metrics, client);
 * LeaderCandidate.builder(client, "meta-servers").listener(recipes.leadership("meta-servers", myListener)).start();
 * KeyLockSpace accounts = recipes.keyLocks(KeyLockSpace.open(client, "accounts"));
 * }</pre>
 */
public final class RecipeMetrics {
  private final Meters meters;

  private RecipeMetrics(Meters meters) {
    this.meters = meters;
  }

  /** Recipe meters tagged with {@code client}'s provider. */
  public static RecipeMetrics of(MetaStateMetrics metrics, CoordinationClient client) {
    return new RecipeMetrics(new Meters(metrics.meterRegistry(), metrics.observationRegistry(),
        client.providerName()));
  }

  /**
   * A listener that keeps the {@code metastate.election.leader} gauge of {@code election} at 1 while elected and 0
   * otherwise, then tells {@code delegate}.
   */
  public LeadershipListener leadership(String election, LeadershipListener delegate) {
    AtomicInteger leading = new AtomicInteger();
    Gauge.builder("metastate.election.leader", leading, AtomicInteger::get)
        .description("1 while this process leads the election, 0 otherwise")
        .tags(meters.tags("election", election)).strongReference(true).register(meters.registry);
    return new LeadershipListener() {
      @Override
      public void elected(Leadership term) {
        leading.set(1);
        delegate.elected(term);
      }

      @Override
      public void revoked(Leadership term, LossReason reason) {
        leading.set(0);
        meters.counter("metastate.election.revoked", "Terms that ended, by reason", "election", election,
            "reason", reason.name().toLowerCase(java.util.Locale.ROOT)).increment();
        delegate.revoked(term, reason);
      }
    };
  }

  /** A key-lock space whose lock requests are timed from request to grant, refusal or cancellation. */
  public KeyLockSpace keyLocks(KeyLockSpace space) {
    return new MeteredKeyLocks(space, meters);
  }
}
