package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.samples.metaserver.Records.Event;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A dead node's failover is measured from its last beacon until no partition is led by it or by nobody")
class FailoversTest {
  static final long MS = 1_000_000;

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Timeline timeline = new Timeline();
  final Failovers failovers = new Failovers(timeline, new ServerMeters(registry));

  static PartitionRecord p(int id, String primary) {
    return new PartitionRecord(id, primary, List.of(), 1);
  }

  private double count() {
    return registry.get("metaserver.failovers").counter().count();
  }

  @Test
  @DisplayName("not done while the dead node or nobody leads a partition; done once all moved, with its duration")
  void measured() {
    failovers.declared("a", 1_000 * MS);
    failovers.placed(List.of(p(0, "a"), p(1, "b")), 2_500 * MS);
    failovers.placed(List.of(p(0, null), p(1, "b")), 2_600 * MS);
    assertThat(count()).isZero();

    failovers.placed(List.of(p(0, "b"), p(1, "b")), 2_700 * MS);
    assertThat(count()).isEqualTo(1);
    assertThat(registry.get("metaserver.failover.duration").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(1_700);
    Event e = timeline.events().get(timeline.events().size() - 1);
    assertThat(e.kind()).isEqualTo("failover");
    assertThat(e.node()).isEqualTo("a");
    assertThat(e.failoverMillis()).isEqualTo(1_700);

    // Counted once: later placements do not count it again.
    failovers.placed(List.of(p(0, "b"), p(1, "b")), 3_000 * MS);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a node that registers again before its partitions moved is no longer waited for")
  void rejoined() {
    failovers.declared("a", 0);
    failovers.rejoined("a");
    failovers.placed(List.of(p(0, "b")), 5_000 * MS);
    assertThat(count()).isZero();
    assertThat(timeline.events()).isEmpty();
  }
}
