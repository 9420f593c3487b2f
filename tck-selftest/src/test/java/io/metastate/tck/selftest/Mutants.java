package io.metastate.tck.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mutation table: for every promise of the catalogue, either a provider that breaks it (a decorator over the
 * local-file provider) or the reason no decorator can. {@link MutationScoreTest} checks the table covers the
 * catalogue and runs each mutant against the tests that name its promise.
 */
final class Mutants {
  private Mutants() {}

  private static final String WIRE =
      "a wire fault needs a network between client and backend (NETWORK_FAULTS); the local-file provider has none";

  /** Promises no decorator over the local-file provider can break here, with why. */
  static final Map<String, String> NOT_MUTABLE = Map.ofEntries(
      Map.entry("CONFIG-4", "which clock the provider reads is decided inside it, out of a decorator's reach; a provider"
          + " that ignores the config's ticker fails the clock contract (FAULT-8)"),
      Map.entry("FAULT-1", WIRE),
      Map.entry("FAULT-2", WIRE),
      Map.entry("FAULT-3", WIRE),
      Map.entry("FAULT-4", WIRE),
      Map.entry("FAULT-5", WIRE),
      Map.entry("FAULT-6", WIRE),
      Map.entry("FAULT-7", WIRE),
      Map.entry("FAULT-27", WIRE),
      Map.entry("STATE-3", "only observable across a backend restart, which reopens the store under the decorator"),
      Map.entry("WATCH-8", "its test needs COMPACT_HISTORY, which the local-file fixture lacks: skipped here"),
      Map.entry("CONFIG-3", "discovery is spi code (MetaState), not the provider's"),
      Map.entry("CONFIG-5", "MetaStateConfig is spi code, not the provider's"),
      Map.entry("CONFIG-6", "MetaStateConfig is spi code, not the provider's"),
      Map.entry("CONFIG-7", "MetaStateConfig is spi code, not the provider's"),
      Map.entry("CONFIG-8", "MetaStateConfig is spi code, not the provider's"));

  /** Whole families no decorator over the local-file provider can break, with why. */
  static final Map<String, String> NOT_MUTABLE_FAMILIES = Map.of();

  /** Why a promise has no mutant, or null if it should have one. */
  static String whyNotMutable(String id) {
    String reason = NOT_MUTABLE.get(id);
    return reason != null ? reason : NOT_MUTABLE_FAMILIES.get(id.substring(0, id.indexOf('-')));
  }

  /** Every mutant, one per mutable promise. */
  static List<Mutant> all() {
    List<Mutant> all = new ArrayList<>();
    all.addAll(SessionMutants.all());
    all.addAll(LockMutants.all());
    all.addAll(LeaseMutants.all());
    all.addAll(StateMutants.all());
    all.addAll(OpMutants.all());
    all.addAll(WatchMutants.all());
    all.addAll(FaultMutants.all());
    return all;
  }
}
