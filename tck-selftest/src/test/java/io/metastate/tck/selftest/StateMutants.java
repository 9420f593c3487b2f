package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Mutants of the STATE promises, and of the path, value and error promises of meta-state. */
final class StateMutants {
  private StateMutants() {}

  static CoordinationClient state(CoordinationClient c, ForwardingState state) {
    return new ForwardingClient(c, new ForwardingLocks(c.locks()), state);
  }

  private static Stat shifted(Stat s, long version) {
    return new Stat(version, s.createRevision(), s.modRevision(), s.ephemeralOwner());
  }

  static List<Mutant> all() {
    List<Mutant> m = new ArrayList<>();
    m.add(new Mutant("STATE-1", "versions start at 1", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Optional<Stat> exists(String path) {
        return super.exists(path).map(s -> shifted(s, s.version() + 1));
      }

      @Override
      public Optional<Node> get(String path) {
        return super.get(path).map(n -> new Node(n.path(), n.data(), shifted(n.stat(), n.stat().version() + 1)));
      }
    })));
    m.add(new Mutant("STATE-2", "set reports a modRevision no higher than the node's createRevision", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public Stat set(String path, byte[] data, long expectedVersion) {
            Stat s = super.set(path, data, expectedVersion);
            return new Stat(s.version(), s.createRevision(), s.createRevision(), s.ephemeralOwner());
          }
        })));
    m.add(new Mutant("STATE-4", "every third create of a name with a dash is acknowledged but not written", c -> {
      AtomicInteger creates = new AtomicInteger();
      return state(c, new ForwardingState(c.state()) {
        @Override
        public String create(String path, byte[] data, CreateMode mode) {
          if (!mode.isSequential() && NodePath.of(path).name().contains("-") && creates.incrementAndGet() % 3 == 0) {
            NodePath.of(path);
            return path;
          }
          return super.create(path, data, mode);
        }
      });
    }));
    m.add(new Mutant("STATE-5", "get of a missing node throws NoNodeException", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Optional<Node> get(String path) {
        return Optional.of(super.get(path).orElseThrow(() -> new NoNodeException(path)));
      }
    })));
    m.add(new Mutant("STATE-6", "a sequential create returns the path without its suffix", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public String create(String path, byte[] data, CreateMode mode) {
            String actual = super.create(path, data, mode);
            return mode.isSequential() ? path : actual;
          }
        })));
    m.add(new Mutant("STATE-7", "creating an existing path overwrites it", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public String create(String path, byte[] data, CreateMode mode) {
        return HiddenError.answerGet(() -> super.create(path, data, mode), NodeExistsException.class, () -> {
          super.set(path, data, ANY_VERSION);
          return path;
        });
      }
    })));
    m.add(new Mutant("STATE-8", "create makes missing parents", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public String create(String path, byte[] data, CreateMode mode) {
        return super.createWithParents(path, data, mode);
      }
    })));
    m.add(new Mutant("STATE-9", "a child of an ephemeral node fails with NoNodeException", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public String create(String path, byte[] data, CreateMode mode) {
            return HiddenError.answerGet(() -> super.create(path, data, mode), NoChildrenForEphemeralsException.class,
                () -> {
                  throw new NoNodeException(path);
                });
          }
        })));
    m.add(new Mutant("STATE-10", "createWithParents gives the ancestors the leaf's data", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public String createWithParents(String path, byte[] data, CreateMode mode) {
            for (NodePath ancestor : NodePath.of(path).parent().orElseThrow().lineage()) {
              if (super.exists(ancestor.value()).isEmpty()) {
                super.create(ancestor.value(), data, CreateMode.PERSISTENT);
              }
            }
            return super.create(path, data, mode);
          }
        })));
    m.add(new Mutant("STATE-11", "createWithParents fails when another client creates an ancestor first", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public String createWithParents(String path, byte[] data, CreateMode mode) {
            for (NodePath ancestor : NodePath.of(path).parent().orElseThrow().lineage()) {
              if (super.exists(ancestor.value()).isEmpty()) {
                LockSupport.parkNanos(2_000_000); // widen the check-then-act window a correct provider closes
                super.create(ancestor.value(), new byte[0], CreateMode.PERSISTENT);
              }
            }
            return super.create(path, data, mode);
          }
        })));
    m.add(new Mutant("STATE-12", "createWithParents of an existing path succeeds", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public String createWithParents(String path, byte[] data, CreateMode mode) {
            return HiddenError.answer(() -> super.createWithParents(path, data, mode), NodeExistsException.class, path);
          }
        })));
    m.add(new Mutant("STATE-13", "get loses the first byte of the data", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Optional<Node> get(String path) {
        return super.get(path).map(n -> {
          byte[] d = n.data();
          return new Node(n.path(), d.length == 0 ? d : Arrays.copyOfRange(d, 1, d.length), n.stat());
        });
      }
    })));
    m.add(new Mutant("STATE-14", "set returns the stat from before the change", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Stat set(String path, byte[] data, long expectedVersion) {
        Optional<Stat> before = super.exists(path);
        Stat after = super.set(path, data, expectedVersion);
        return before.orElse(after);
      }
    })));
    m.add(new Mutant("STATE-15", "set ignores the expected version", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Stat set(String path, byte[] data, long expectedVersion) {
        return super.set(path, data, ANY_VERSION);
      }
    })));
    m.add(new Mutant("STATE-16", "set of a missing node creates it", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Stat set(String path, byte[] data, long expectedVersion) {
        return HiddenError.answerGet(() -> super.set(path, data, expectedVersion), NoNodeException.class, () -> {
          super.create(path, data, CreateMode.PERSISTENT);
          return super.exists(path).orElseThrow();
        });
      }
    })));
    m.add(new Mutant("STATE-17", "delete with an explicit version does nothing", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public void delete(String path, long expectedVersion) {
        if (expectedVersion == ANY_VERSION) {
          super.delete(path, expectedVersion);
        }
      }
    })));
    m.add(new Mutant("STATE-18", "delete ignores the expected version", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public void delete(String path, long expectedVersion) {
        super.delete(path, ANY_VERSION);
      }
    })));
    m.add(new Mutant("STATE-19", "deleteRecursive leaves the node itself", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public void deleteRecursive(String path) {
        for (String child : super.children(path)) {
          super.deleteRecursive(path + "/" + child);
        }
      }
    })));
    m.add(new Mutant("STATE-20", "children come in reverse order", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public List<String> children(String path) {
        return super.children(path).stream().sorted(Comparator.reverseOrder()).toList();
      }
    })));
    m.add(new Mutant("STATE-21", "children of a missing node is empty", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public List<String> children(String path) {
        return HiddenError.answer(() -> super.children(path), NoNodeException.class, List.of());
      }
    })));
    m.add(new Mutant("STATE-22", "sequential suffixes are counted per client, not per parent", c -> {
      AtomicInteger counter = new AtomicInteger();
      return state(c, new ForwardingState(c.state()) {
        @Override
        public String create(String path, byte[] data, CreateMode mode) {
          if (!mode.isSequential()) {
            return super.create(path, data, mode);
          }
          String actual = path + CreateMode.sequenceSuffix(counter.getAndIncrement());
          return super.create(actual, data, mode.isEphemeral() ? CreateMode.EPHEMERAL : CreateMode.PERSISTENT);
        }
      });
    }));
    m.add(new Mutant("STATE-23", "ephemeral nodes read as owned by nobody", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Optional<Stat> exists(String path) {
        return super.exists(path).map(s -> new Stat(s.version(), s.createRevision(), s.modRevision(), Stat.NO_OWNER));
      }
    })));
    m.add(new Mutant("STATE-24", "creating the root succeeds", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public String create(String path, byte[] data, CreateMode mode) {
        return "/".equals(path) ? path : super.create(path, data, mode);
      }
    })));
    m.add(new Mutant("LIMIT-3", "get of a malformed path returns empty", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Optional<Node> get(String path) {
        return HiddenError.answer(() -> super.get(path), InvalidPathException.class, Optional.empty());
      }
    })));
    m.add(new Mutant("LIMIT-4", "declares one path character fewer than it accepts", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Limits limits() {
        Limits l = super.limits();
        return new Limits(l.maxValueBytes(), Math.min(NodePath.MAX_LENGTH, l.maxPathLength()) - 1);
      }
    })));
    m.add(new Mutant("LIMIT-5", "declares one more value byte than it accepts", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public Limits limits() {
        Limits l = super.limits();
        return new Limits(l.maxValueBytes() + 1, l.maxPathLength());
      }
    })));
    m.add(new Mutant("LIMIT-6", "an oversized value is cut to the limit and stored", c -> state(c, new ForwardingState(c.state()) {
      @Override
      public String create(String path, byte[] data, CreateMode mode) {
        int max = super.limits().maxValueBytes();
        return super.create(path, data != null && data.length > max ? Arrays.copyOf(data, max) : data, mode);
      }
    })));
    m.add(new Mutant("ERROR-1", "delete reports its failures as a bare CoordinationException", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public void delete(String path, long expectedVersion) {
            try {
              super.delete(path, expectedVersion);
            } catch (CoordinationException e) {
              throw new CoordinationException(e.getMessage(), e.isRetrySafe(), e);
            }
          }
        })));
    m.add(new Mutant("ERROR-2", "BadVersionException names the parent, not the node", c ->
        state(c, new ForwardingState(c.state()) {
          @Override
          public Stat set(String path, byte[] data, long expectedVersion) {
            try {
              return super.set(path, data, expectedVersion);
            } catch (BadVersionException e) {
              throw new BadVersionException(NodePath.of(path).parent().orElseThrow().value(), expectedVersion);
            }
          }
        })));
    return m;
  }
}
