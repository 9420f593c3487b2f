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
  public static final class Alpha extends Recording {
    public Alpha() {
      super("alpha");
    }
  }

  /** Registered as {@code beta}. */
  public static final class Beta extends Recording {
    public Beta() {
      super("beta");
    }
  }

  /** A provider whose clients only record being closed, under its name. */
  private abstract static class Recording implements CoordinationProvider {
    private final String name;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CoordinationClient open(MetaStateConfig config) {
      return new Client(name);
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
