package io.metastate.samples.metaserver.node;

import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.Records.WriteBackReply;
import io.metastate.samples.metaserver.Settings;
import io.metastate.samples.metaserver.client.MetaLink;
import io.metastate.samples.metaserver.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's write-back thread: takes each partition's pending changes as a numbered batch and writes it back through
 * the leader — at once when a writer asks, and every flush interval regardless (group commit). Batches go one at a
 * time: the next is taken only after this one is settled, which is what lets the leader treat a number at or below
 * the last one it applied as already durable.
 */
final class Flusher {
  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

  private final Settings settings;
  private final MetaLink meta;
  private final String incarnation;
  private final Map<Integer, OwnedPartition> owned;
  private final BooleanSupplier leaseValid;
  private final Object signal = new Object();
  // Numbers this incarnation's write-backs, increasing across partitions and epochs (so also within each).
  private final AtomicLong seq = new AtomicLong();
  private boolean requested;
  private volatile boolean running = true;

  Flusher(Settings settings, MetaLink meta, String incarnation, Map<Integer, OwnedPartition> owned,
      BooleanSupplier leaseValid) {
    this.settings = settings;
    this.meta = meta;
    this.incarnation = incarnation;
    this.owned = owned;
    this.leaseValid = leaseValid;
  }

  /** Asks for a write-back round now. */
  void request() {
    synchronized (signal) {
      requested = true;
      signal.notifyAll();
    }
  }

  /** The thread's body, until {@link #close()}. */
  void run() {
    while (running) {
      synchronized (signal) {
        if (!requested) {
          try {
            signal.wait(settings.flushInterval().toMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
        requested = false;
      }
      for (OwnedPartition p : List.copyOf(owned.values())) {
        OwnedPartition.Batch batch = p.takeBatch(seq::incrementAndGet);
        if (batch != null) {
          writeBack(p, batch);
        }
      }
    }
  }

  void close() {
    running = false;
    request();
  }

  /**
   * Writes one batch back, resending it (same number) until the leader answers or the lease is gone. Any answer that
   * the batch is durable (applied now, a duplicate, superseded by a newer one) acknowledges it. A refusal (4xx: the
   * leader did not apply that attempt) or a lost lease purges the partition, and fails the batch as "outcome
   * unknown" if any attempt went unanswered (it may have applied), as "not applied" otherwise.
   */
  private void writeBack(OwnedPartition p, OwnedPartition.Batch batch) {
    WriteBack w = new WriteBack(settings.nodeId(), incarnation, p.id, p.epoch, batch.seq(), batch.values());
    boolean maybeApplied = false;
    while (running) {
      String problem;
      boolean refused = false;
      try {
        WriteBackReply reply = meta.post("/api/writeback", w, WriteBackReply.class);
        LOG.debug("write-back {} of partition {}: {}", batch.seq(), p.id, reply.outcome());
        p.acknowledge(batch);
        return;
      } catch (ApiException e) {
        // MetaLink reports the leader's 4xx as is; anything else (no answer, 5xx) has an unknown outcome.
        refused = e.status() / 100 == 4;
        problem = e.getMessage();
      } catch (RuntimeException e) {
        LOG.warn("write-back failed", e);
        problem = e.toString();
      }
      maybeApplied |= !refused;
      if (refused || !leaseValid.getAsBoolean()) {
        owned.remove(p.id, p);
        p.purge("write-back not acknowledged: " + problem);
        batch.done().completeExceptionally(new WriteBackFailed(problem, maybeApplied));
        return;
      }
      pause(20);
    }
    batch.done().completeExceptionally(new WriteBackFailed("node shutting down", true));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
