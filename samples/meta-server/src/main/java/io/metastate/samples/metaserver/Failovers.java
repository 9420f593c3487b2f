package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.PartitionRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Measures each dead node's failover: from the last beacon the leader received from it (the last sign of life) to
 * the moment placement no longer names it, or nobody, as a primary — every partition it led has a live primary
 * again. Detection (lease + grace) is part of it, as it is of what clients see.
 */
final class Failovers {
  private final Timeline timeline;
  private final ServerMeters meters;
  private final Map<String, Long> pending = new LinkedHashMap<>();

  Failovers(Timeline timeline, ServerMeters meters) {
    this.timeline = timeline;
    this.meters = meters;
  }

  /** A node was declared dead; {@code lastBeaconNanos} is when its last beacon arrived. */
  synchronized void declared(String node, long lastBeaconNanos) {
    pending.put(node, lastBeaconNanos);
  }

  /** Placement as it now stands; completes the failovers it finishes. */
  synchronized void placed(Collection<PartitionRecord> partitions, long nowNanos) {
    boolean unplaced = partitions.stream().anyMatch(p -> p.primary() == null);
    for (Iterator<Map.Entry<String, Long>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      String node = e.getKey();
      if (unplaced || partitions.stream().anyMatch(p -> Objects.equals(node, p.primary()))) {
        continue;
      }
      it.remove();
      Duration took = Duration.ofNanos(nowNanos - e.getValue());
      meters.failover(took);
      timeline.add("failover", node, null, "failover of " + node + " done in " + took.toMillis()
          + " ms (last beacon to every partition it led on a live primary)", took.toMillis());
    }
  }

  /** A node that registers again stops being waited for. */
  synchronized void rejoined(String node) {
    pending.remove(node);
  }
}
