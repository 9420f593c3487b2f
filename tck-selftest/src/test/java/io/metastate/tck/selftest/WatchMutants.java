package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.session.SessionState;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchEvent.Type;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Mutants of the WATCH promises, and of the CONFIG promises a provider can break (its name). */
final class WatchMutants {
  private WatchMutants() {}

  /** A client whose watches pass each event through {@code filter} (null: drop it). */
  interface EventFilter {
    WatchEvent apply(CoordinationClient client, String path, WatchEvent event);
  }

  static CoordinationClient filtered(CoordinationClient c, java.util.function.Supplier<EventFilter> perWatch) {
    return StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public Watch watch(String path, WatchScope scope, WatchListener listener) {
        EventFilter filter = perWatch.get();
        return delegate().watch(path, scope, e -> {
          WatchEvent out = filter.apply(c, path, e);
          if (out != null) {
            listener.onEvent(out);
          }
        });
      }
    });
  }

  /** A watch registered with another scope or path than the caller asked for. */
  static CoordinationClient rescoped(CoordinationClient c, WatchScope asked, WatchScope used, boolean onParent) {
    return StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public Watch watch(String path, WatchScope scope, WatchListener listener) {
        if (scope != asked) {
          return delegate().watch(path, scope, listener);
        }
        String at = onParent ? NodePath.of(path).parent().orElseThrow().value() : path;
        Watch real = delegate().watch(at, used, e -> {
          if (!onParent || e.path().startsWith(path)) {
            listener.onEvent(e);
          }
        });
        return wrap(real, path, scope);
      }
    });
  }

  static Watch wrap(Watch real, String path, WatchScope scope) {
    return new Watch() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public WatchScope scope() {
        return scope;
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  static List<Mutant> all() {
    List<Mutant> m = new ArrayList<>();
    m.add(new Mutant("WATCH-1", "a watch on a missing node misses its creation", c -> filtered(c, () -> {
      AtomicBoolean seen = new AtomicBoolean();
      return (client, path, e) -> e.type() == Type.CREATED && e.path().equals(path) && !seen.getAndSet(true) ? null : e;
    })));
    m.add(new Mutant("WATCH-2", "closing the client leaves its session, and so its watches, running", c ->
        new ForwardingClient(c) {
          @Override
          public void close() {}
        }));
    m.add(new Mutant("WATCH-3", "closing a watch does nothing", c -> StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public Watch watch(String path, WatchScope scope, WatchListener listener) {
        Watch real = delegate().watch(path, scope, listener);
        return new Watch() {
          @Override
          public String path() {
            return real.path();
          }

          @Override
          public WatchScope scope() {
            return real.scope();
          }

          @Override
          public void close() {}
        };
      }
    })));
    m.add(new Mutant("WATCH-4", "a watch reports another scope", c -> StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public Watch watch(String path, WatchScope scope, WatchListener listener) {
        return wrap(delegate().watch(path, scope, listener), path, WatchScope.SUBTREE);
      }
    })));
    m.add(new Mutant("WATCH-5", "every watch drops its second event", Broken.DROPPED_WATCH_EVENT));
    m.add(new Mutant("WATCH-6", "events delivered while suspended, and the first five after, are dropped", c ->
        filtered(c, () -> {
          AtomicInteger afterSuspension = new AtomicInteger(-1);
          return (client, path, e) -> {
            if (Broken.unwrap(client).session().state() != SessionState.CONNECTED) {
              afterSuspension.set(5);
              return null;
            }
            return afterSuspension.getAndDecrement() > 0 ? null : e;
          };
        })));
    m.add(new Mutant("WATCH-7", "events carry the revision after their change", c -> filtered(c, () ->
        (client, path, e) -> new WatchEvent(e.type(), e.path(), e.revision() + 1))));
    m.add(new Mutant("WATCH-9", "the deletion of a node that was ephemeral when watched is not delivered", c ->
        StateMutants.state(c, new ForwardingState(c.state()) {
          @Override
          public Watch watch(String path, WatchScope scope, WatchListener listener) {
            boolean ephemeral = delegate().exists(path).map(s -> s.isEphemeral()).orElse(false);
            return delegate().watch(path, scope, e -> {
              if (!(ephemeral && e.type() == Type.DELETED && e.path().equals(path))) {
                listener.onEvent(e);
              }
            });
          }
        })));
    m.add(new Mutant("WATCH-10", "a NODE watch is a SUBTREE watch", c -> rescoped(c, WatchScope.NODE, WatchScope.SUBTREE,
        false)));
    m.add(new Mutant("WATCH-11", "a CHILDREN watch is a SUBTREE watch", c -> rescoped(c, WatchScope.CHILDREN,
        WatchScope.SUBTREE, false)));
    m.add(new Mutant("WATCH-12", "a SUBTREE watch matches paths by string prefix", c -> rescoped(c, WatchScope.SUBTREE,
        WatchScope.SUBTREE, true)));
    m.add(new Mutant("CONFIG-1", "the client reports its provider name in upper case", c ->
        new ForwardingClient(c) {
          @Override
          public String providerName() {
            return super.providerName().toUpperCase(java.util.Locale.ROOT);
          }
        }));
    m.add(new Mutant("CONFIG-2", "the client reports a provider name discovery does not know", c ->
        new ForwardingClient(c) {
          @Override
          public String providerName() {
            return super.providerName() + "2";
          }
        }));
    return m;
  }
}
