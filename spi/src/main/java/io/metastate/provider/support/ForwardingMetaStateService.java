package io.metastate.provider.support;

import io.metastate.session.Session;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.List;
import java.util.Optional;

/**
 * A meta-state service that forwards every call to another one (as Guava's {@code Forwarding*} types do): a decorator
 * (metrics, a test's fault or mutant) overrides only what it changes. {@link #async()} forwards too, to the delegate's
 * own view, which does not pass through this decorator: one that changes what operations do overrides it as well.
 */
public abstract class ForwardingMetaStateService extends ForwardingObject<MetaStateService>
    implements MetaStateService {
  /** Forwards every call to {@code delegate}. */
  protected ForwardingMetaStateService(MetaStateService delegate) {
    super(delegate);
  }

  @Override
  public Session session() {
    return delegate().session();
  }

  @Override
  public Limits limits() {
    return delegate().limits();
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    return delegate().create(path, data, mode);
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    return delegate().createWithParents(path, data, mode);
  }

  @Override
  public Optional<Node> get(String path) {
    return delegate().get(path);
  }

  @Override
  public Optional<Stat> exists(String path) {
    return delegate().exists(path);
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    return delegate().set(path, data, expectedVersion);
  }

  @Override
  public void delete(String path, long expectedVersion) {
    delegate().delete(path, expectedVersion);
  }

  @Override
  public void deleteRecursive(String path) {
    delegate().deleteRecursive(path);
  }

  @Override
  public List<String> children(String path) {
    return delegate().children(path);
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    return delegate().multi(ops);
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    return delegate().watch(path, scope, listener);
  }

  @Override
  public AsyncMetaStateService async() {
    return delegate().async();
  }
}
