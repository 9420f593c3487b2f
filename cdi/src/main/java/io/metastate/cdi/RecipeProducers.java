package io.metastate.cdi;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderObserver;
import io.metastate.recipes.rangelock.KeyLockSpace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.lang.annotation.Annotation;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Produces the recipes' entry points on the container's {@link CoordinationClient}, named by a qualifier at the
 * injection point: {@link KeySpace @KeySpace("name")} {@link KeyLockSpace}, {@link Election @Election("name")}
 * {@link LeaderObserver} and {@link LeaderCandidate.Builder}. They are {@link Dependent}: each injection point gets its
 * own, closed with the bean it was injected into. A fenced writer belongs to one lease, so it is not produced: inside a
 * {@link Locked} method use {@code FencedWriter.of(state, CurrentLease.require())}.
 */
@ApplicationScoped
public class RecipeProducers {
  private static final Logger LOG = Logger.getLogger(RecipeProducers.class.getName());

  /** A handle on the key lock space named by the injection point's {@link KeySpace}. */
  @Produces
  @Dependent
  @KeySpace("")
  public KeyLockSpace keySpace(InjectionPoint at, CoordinationClient client) {
    return KeyLockSpace.open(client, qualifier(at, KeySpace.class).value());
  }

  /** Withdraws the handle's requests and releases its leases. */
  public void closeKeySpace(@Disposes @KeySpace("") KeyLockSpace space) {
    closeQuietly(space);
  }

  /** An observer of the election named by the injection point's {@link Election}. */
  @Produces
  @Dependent
  @Election("")
  public LeaderObserver leaderObserver(InjectionPoint at, CoordinationClient client) {
    return LeaderObserver.open(client, qualifier(at, Election.class).value());
  }

  /** Stops watching the election. */
  public void closeLeaderObserver(@Disposes @Election("") LeaderObserver observer) {
    closeQuietly(observer);
  }

  /** A candidate builder for the election named by the injection point's {@link Election}. */
  @Produces
  @Dependent
  @Election("")
  public LeaderCandidate.Builder candidate(InjectionPoint at, CoordinationClient client) {
    return LeaderCandidate.builder(client, qualifier(at, Election.class).value());
  }

  private static <A extends Annotation> A qualifier(InjectionPoint at, Class<A> type) {
    return at.getQualifiers().stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("no @" + type.getSimpleName() + " at " + at));
  }

  // At container shutdown the client may be closed first (the order is the container's); closing the client already
  // ended everything these handles held, so a failure to close them then is no news.
  private static void closeQuietly(AutoCloseable handle) {
    try {
      handle.close();
    } catch (CoordinationException e) {
      LOG.log(Level.FINE, "closing " + handle + " after its client", e);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "could not close " + handle, e);
    }
  }
}
