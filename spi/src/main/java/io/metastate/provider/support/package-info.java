/**
 * Machinery shared by providers, so that a provider is a mapping of the contract onto its engine, not a second copy
 * of the contract.
 *
 * <p><b>Locks.</b> Extend {@link io.metastate.provider.support.AbstractLockService} and implement a
 * {@link io.metastate.provider.support.LockDriver}: {@code claim} (join the lock's queue), {@code token},
 * {@code checkHead} (first, or behind which predecessor), {@code watchPredecessor} (wake me when it goes),
 * {@code withdraw} and {@code release}. The service supplies name validation, the per-session table of waiters and
 * leases, the acquire rules (timeouts, interrupts, cancellation) and the lease transitions: call its
 * {@code suspended()}, {@code reconnected()}, {@code expired(cause)} and {@code closed()} from your session's
 * transitions, and implement {@code checkUsable}. Query, list and force-release are a
 * {@link io.metastate.provider.support.LockDirectory} over the backend's layout, given to the service. Leases are
 * {@link io.metastate.provider.support.ClaimLease}s; extend it (and override {@code newLease}) when a lease needs
 * more, such as a watch on its claim. Keep backend safety (lost replies,
 * lagging replicas, unknown outcomes) inside the driver. A lock-like user that is no lock service (key locks, a
 * recipe's own queue) keeps the same acquire rule with {@link io.metastate.provider.support.AcquireRule} over a
 * {@link io.metastate.provider.support.PendingAcquire} future whose cancel withdraws, and its leases keep their
 * states in a {@link io.metastate.provider.support.LeaseStateMachine} (the one under every lock lease).
 *
 * <p><b>The rest of a provider.</b> The client extends {@link io.metastate.provider.support.AbstractCoordinationClient}
 * (it owns the services, {@code checkUsable()} and the close-once order: watches, leases, backend session, CLOSED,
 * engine); each watch extends {@link io.metastate.provider.support.AbstractWatch} (scope filter, ordered delivery,
 * RESYNC, close once) and only subscribes to the engine; the builder keeps its settings in
 * {@link io.metastate.provider.support.SettingsOnce} (a repeated key fails, naming both values); threads come from
 * {@link io.metastate.provider.support.DaemonThreads} or a per-instance
 * {@link io.metastate.provider.support.ComponentThreads} that closes with its owner. The session extends
 * {@link io.metastate.provider.AbstractSession} and reports each confirmed contact with its send time (or
 * {@link io.metastate.provider.support.HeartbeatSession}, when the provider keeps it alive by its own heartbeats); the
 * config's {@link io.metastate.Ticker} is the only clock. A decorator (metrics, a fault) extends
 * {@link io.metastate.provider.support.ForwardingCoordinationClient}, and for the services it changes
 * {@link io.metastate.provider.support.ForwardingLockService} or
 * {@link io.metastate.provider.support.ForwardingMetaStateService}, overriding only what it changes.
 *
 * <p><b>Checking it.</b> Run the compatibility kit ({@code metastate-tck}) against the provider: a subclass of
 * {@code CoordinationCompatibilityKit} with a {@code ProviderFixture}.
 */
package io.metastate.provider.support;
