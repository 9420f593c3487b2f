package io.metastate.samples.metaserver;

import io.metastate.CoordinationClient;
import io.metastate.micrometer.RecipeMetrics;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderObserver;
import io.metastate.recipes.election.LeadershipListener;
import io.metastate.recipes.election.LossReason;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta server's leadership, on the recipes' leader election: the leader publishes its URL, followers read it
 * through an observer, and every leader write goes through a {@link FencedWriter} on the term, so that a leader
 * that lost its lock — paused, partitioned, or replaced — cannot change the cluster state, and a new leader resumes
 * exactly where the old one stopped.
 */
final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final CoordinationClient client;
  private final String election;
  private final Seams seams;
  private volatile io.metastate.recipes.election.Leadership term;
  private volatile FencedWriter writer;
  private LeaderCandidate candidate;
  private LeaderObserver observer;

  private final RecipeMetrics metrics;

  Leadership(CoordinationClient client, String election, Seams seams, RecipeMetrics metrics) {
    this.client = client;
    this.election = election;
    this.seams = seams;
    this.metrics = metrics;
  }

  /**
   * Joins the election. {@code onElected} runs on the election's thread and must hand long work elsewhere;
   * {@code onRevoked} is told when the term ends.
   */
  void start(String url, Consumer<Leadership> onElected, Runnable onRevoked) {
    observer = LeaderObserver.open(client, election);
    candidate = LeaderCandidate.builder(client, election)
        .metadata(url.getBytes(StandardCharsets.UTF_8))
        .requeue(false)
        .listener(metrics.leadership(election, new LeadershipListener() {
          @Override
          public void elected(io.metastate.recipes.election.Leadership t) {
            term = t;
            writer = FencedWriter.of(client.state(), t);
            onElected.accept(Leadership.this);
          }

          @Override
          public void revoked(io.metastate.recipes.election.Leadership t, LossReason reason) {
            LOG.warn("leadership of {} ended: {}", election, reason);
            term = null;
            onRevoked.run();
          }
        }))
        .start();
  }

  boolean isLeading() {
    io.metastate.recipes.election.Leadership t = term;
    return t != null && t.isValid();
  }

  /** The current term's epoch (fencing token). */
  long token() {
    io.metastate.recipes.election.Leadership t = term;
    return t == null ? 0 : t.token().value();
  }

  /** The leader's URL as published, if a leader is known. */
  Optional<String> leaderUrl() {
    return observer == null ? Optional.empty()
        : observer.leader().map(i -> new String(i.metadata(), StandardCharsets.UTF_8));
  }

  /** Applies {@code ops} atomically, only if this server still holds leadership at commit time. */
  List<OpResult> write(List<Op> ops) {
    FencedWriter w = writer;
    if (w == null) {
      throw new IllegalStateException("not the leader");
    }
    return seams.write(ops, w::multi);
  }

  @Override
  public void close() {
    if (candidate != null) {
      candidate.close();
    }
    if (observer != null) {
      observer.close();
    }
  }
}
