package io.metastate.provider;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Two trivial providers registered for the discovery tests; they open clients that only record being closed. */
public final class TestProviders {
  /** Names of clients closed so far, in order. */
  public static final List<String> CLOSED = new CopyOnWriteArrayList<>();

  private TestProviders() {}

  /** Registered as {@code alpha}. */
  public static final class Alpha implements CoordinationProvider {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public CoordinationClient open(MetaStateConfig config) {
      return new Client("alpha");
    }
  }

  /** Registered as {@code beta}. */
  public static final class Beta implements CoordinationProvider {
    @Override
    public String name() {
      return "beta";
    }

    @Override
    public CoordinationClient open(MetaStateConfig config) {
      return new Client("beta");
    }
  }

  private record Client(String providerName) implements CoordinationClient {
    @Override
    public Session session() {
      return null;
    }

    @Override
    public DistributedLockService locks() {
      return null;
    }

    @Override
    public MetaStateService state() {
      return null;
    }

    @Override
    public void close() {
      CLOSED.add(providerName);
    }
  }
}
