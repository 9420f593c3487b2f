package io.metastate.cdi;

import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderObserver;
import io.metastate.recipes.rangelock.KeyLockSpace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** Beans that inject the recipes' entry points by name. */
final class RecipeBeans {
  private RecipeBeans() {}

  /** Dependent, so that destroying it closes its key space handle. */
  @Dependent
  static class Players {
    @Inject
    @KeySpace("cdi-players")
    KeyLockSpace space;
  }

  @ApplicationScoped
  static class Leaders {
    @Inject
    @Election("cdi-leaders")
    LeaderObserver observer;

    @Inject
    @Election("cdi-leaders")
    LeaderCandidate.Builder candidacy;

    @Inject
    @KeySpace("cdi-players")
    KeyLockSpace players;

    LeaderObserver observer() {
      return observer;
    }

    LeaderCandidate.Builder candidacy() {
      return candidacy;
    }

    KeyLockSpace players() {
      return players;
    }
  }
}
