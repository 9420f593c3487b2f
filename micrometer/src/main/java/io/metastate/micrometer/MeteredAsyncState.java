package io.metastate.micrometer;

import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.micrometer.observation.Observation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The asynchronous view, timed from the call to the completion of its stage, under the same meter as the sync one. */
final class MeteredAsyncState implements AsyncMetaStateService {
  private final AsyncMetaStateService delegate;
  private final MeteredState sync;
  private final Meters meters;

  MeteredAsyncState(AsyncMetaStateService delegate, MeteredState sync, Meters meters) {
    this.delegate = delegate;
    this.sync = sync;
    this.meters = meters;
  }

  private <T> CompletionStage<T> op(String op, String path, Supplier<CompletionStage<T>> call) {
    Observation o = meters.observation(MeteredState.NAME, "op", op).highCardinalityKeyValue("path",
        String.valueOf(path)).contextualName("metastate " + op);
    CompletionStage<T> stage = meters.startAsync(o, call, Outcomes::of);
    stage.whenComplete((r, error) -> {
      if (error == null) {
        o.lowCardinalityKeyValue(Meters.OUTCOME, Outcomes.OK);
      } else {
        o.lowCardinalityKeyValue(Meters.OUTCOME, Outcomes.of(error)).error(error);
      }
      o.stop();
    });
    return stage;
  }

  @Override
  public CompletionStage<String> create(String path, byte[] data, CreateMode mode) {
    return op("create", path, () -> delegate.create(path, data, mode));
  }

  @Override
  public CompletionStage<String> createWithParents(String path, byte[] data, CreateMode mode) {
    return op("create_with_parents", path, () -> delegate.createWithParents(path, data, mode));
  }

  @Override
  public CompletionStage<Optional<Node>> get(String path) {
    return op("get", path, () -> delegate.get(path));
  }

  @Override
  public CompletionStage<Optional<Stat>> exists(String path) {
    return op("exists", path, () -> delegate.exists(path));
  }

  @Override
  public CompletionStage<Stat> set(String path, byte[] data, long expectedVersion) {
    return op("set", path, () -> delegate.set(path, data, expectedVersion));
  }

  @Override
  public CompletionStage<Void> delete(String path, long expectedVersion) {
    return op("delete", path, () -> delegate.delete(path, expectedVersion));
  }

  @Override
  public CompletionStage<Void> deleteRecursive(String path) {
    return op("delete_recursive", path, () -> delegate.deleteRecursive(path));
  }

  @Override
  public CompletionStage<List<String>> children(String path) {
    return op("children", path, () -> delegate.children(path));
  }

  @Override
  public CompletionStage<List<OpResult>> multi(List<Op> ops) {
    CompletionStage<List<OpResult>> stage = op("multi", null, () -> delegate.multi(ops));
    stage.whenComplete((r, error) -> {
      if (error != null) {
        sync.checkFenced(ops, error);
      }
    });
    return stage;
  }

  @Override
  public MetaStateService synchronous() {
    return sync;
  }
}
