package io.metastate.micrometer;

import io.metastate.error.TransactionFailedException;
import io.metastate.provider.support.ForwardingMetaStateService;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Times every meta-state operation ({@code metastate.state.op}, by op and outcome), counts watch events by type
 * (RESYNC included) and the fenced writes the backend rejected because the lease or leadership behind their
 * {@link Op#lockHeld lock check} was gone.
 */
final class MeteredState extends ForwardingMetaStateService {
  static final String NAME = "metastate.state.op";

  private final Meters meters;
  private final Counter fencedRejected;
  private final MeteredAsyncState async;

  MeteredState(MetaStateService delegate, Meters meters) {
    super(delegate);
    this.meters = meters;
    this.fencedRejected = meters.counter("metastate.state.fenced.rejected",
        "Transactions refused because their lock check failed: a write fenced out");
    this.async = new MeteredAsyncState(delegate.async(), this, meters);
  }

  private <T> T op(String op, String path, Supplier<T> call) {
    return meters.observe(meters.observation(NAME, "op", op).highCardinalityKeyValue("path", String.valueOf(path))
        .contextualName("metastate " + op), call, r -> Outcomes.OK);
  }

  private void run(String op, String path, Runnable call) {
    op(op, path, () -> {
      call.run();
      return null;
    });
  }

  /** Counts a transaction refused on its lock check; called by the async view too. */
  void checkFenced(List<Op> ops, Throwable error) {
    Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (t instanceof TransactionFailedException f && f.failedOpIndex() >= 0 && f.failedOpIndex() < ops.size()
        && ops.get(f.failedOpIndex()) instanceof Op.LockHeld) {
      fencedRejected.increment();
    }
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    return op("create", path, () -> delegate().create(path, data, mode));
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    return op("create_with_parents", path, () -> delegate().createWithParents(path, data, mode));
  }

  @Override
  public Optional<Node> get(String path) {
    return op("get", path, () -> delegate().get(path));
  }

  @Override
  public Optional<Stat> exists(String path) {
    return op("exists", path, () -> delegate().exists(path));
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    return op("set", path, () -> delegate().set(path, data, expectedVersion));
  }

  @Override
  public void delete(String path, long expectedVersion) {
    run("delete", path, () -> delegate().delete(path, expectedVersion));
  }

  @Override
  public void deleteRecursive(String path) {
    run("delete_recursive", path, () -> delegate().deleteRecursive(path));
  }

  @Override
  public List<String> children(String path) {
    return op("children", path, () -> delegate().children(path));
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    try {
      return op("multi", null, () -> delegate().multi(ops));
    } catch (RuntimeException e) {
      checkFenced(ops, e);
      throw e;
    }
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    return delegate().watch(path, scope, event -> {
      meters.counter("metastate.watch.events", "Watch events delivered, by type (resync: continuity was lost)",
          "type", event.type().name().toLowerCase(Locale.ROOT)).increment();
      listener.onEvent(event);
    });
  }

  @Override
  public AsyncMetaStateService async() {
    return async;
  }
}
