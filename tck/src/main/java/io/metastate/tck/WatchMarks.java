package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchEvent.Type;
import java.util.List;

/** What the watch contracts check with: a marker write that flushes a watch, and revision order of its events. */
final class WatchMarks {
  private WatchMarks() {}

  /** Writes a marker below the base and waits until {@code log} has seen it: everything before is delivered. */
  static long flush(KitContext kit, MetaStateService writer, EventLog log, String markerPath) {
    long revision = writer.exists(markerPath).isPresent()
        ? writer.set(markerPath, bytes("m"), MetaStateService.ANY_VERSION).modRevision()
        : created(writer, markerPath);
    kit.await().alias("watch sees the marker write at revision " + revision).until(() -> log.hasRevision(revision));
    return revision;
  }

  private static long created(MetaStateService s, String path) {
    return s.exists(s.create(path, bytes("m"), CreateMode.PERSISTENT)).orElseThrow().createRevision();
  }

  /** Events in strictly increasing revision order, except around a RESYNC. */
  static void assertOrdered(EventLog log) {
    List<WatchEvent> events = log.events();
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).type() != Type.RESYNC && events.get(i - 1).type() != Type.RESYNC) {
        assertThat(events.get(i).revision()).as("event %d of %s", i, log.describe())
            .isGreaterThan(events.get(i - 1).revision());
      }
    }
  }
}
