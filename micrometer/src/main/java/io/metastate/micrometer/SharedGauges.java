package io.metastate.micrometer;

import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gauges every instrumented client of one provider shares in one registry: a registry keeps the first gauge of a
 * name and tags, so a second client's own gauge would be ignored. They sum instead: leases held by all the clients,
 * and how many of their sessions are in each state.
 */
final class SharedGauges {
  private static final Map<MeterRegistry, Map<String, SharedGauges>> ALL = new WeakHashMap<>();

  final AtomicInteger leasesHeld = new AtomicInteger();
  private final Set<Session> sessions = Collections.newSetFromMap(new ConcurrentHashMap<>());

  private SharedGauges(Meters meters) {
    Gauge.builder("metastate.lock.leases.held", leasesHeld, AtomicInteger::get)
        .description("Lock leases granted to instrumented clients and not yet released or lost")
        .tags(meters.tags()).strongReference(true).register(meters.registry);
    for (SessionState s : SessionState.values()) {
      Gauge.builder("metastate.session.state", sessions, all -> all.stream().filter(x -> x.state() == s).count())
          .description("How many instrumented sessions are in each state (read live)")
          .tags(meters.tags("state", s.name().toLowerCase(Locale.ROOT))).strongReference(true)
          .register(meters.registry);
    }
  }

  static SharedGauges of(Meters meters) {
    synchronized (ALL) {
      return ALL.computeIfAbsent(meters.registry, r -> new ConcurrentHashMap<>())
          .computeIfAbsent(meters.provider, p -> new SharedGauges(meters));
    }
  }

  void add(Session session) {
    sessions.add(session);
  }

  /** A closed client's session stops counting, so that it is not kept reachable. */
  void remove(Session session) {
    sessions.remove(session);
  }
}
