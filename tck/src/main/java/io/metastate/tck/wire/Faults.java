package io.metastate.tck.wire;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The faults a {@link LoopbackProxy} applies to every connection it forwards, set and cleared by a test. */
final class Faults {
  enum Verdict { FORWARD, DROP }

  private static final ScheduledExecutorService SEVERER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "loopback-proxy-sever");
    t.setDaemon(true);
    return t;
  });

  private final Map<Direction, Boolean> blackholed = new EnumMap<>(Direction.class);
  private final Map<Direction, Long> delays = new EnumMap<>(Direction.class);
  private final Set<Link> replyLost = ConcurrentHashMap.newKeySet();
  private Armed armed;

  private record Armed(byte[] marker, long holdNanos, CompletableFuture<Void> tripped) {}

  synchronized void blackhole(Direction d, boolean on) {
    blackholed.put(d, on);
  }

  synchronized void delay(Direction d, long nanos) {
    delays.put(d, nanos);
  }

  synchronized long delayNanos(Direction d) {
    return delays.getOrDefault(d, 0L);
  }

  synchronized CompletableFuture<Void> loseNextReply(String marker, long holdNanos) {
    if (armed != null) {
      armed.tripped().cancel(false);
    }
    armed = new Armed(marker == null ? null : marker.getBytes(StandardCharsets.UTF_8), holdNanos,
        new CompletableFuture<>());
    return armed.tripped();
  }

  synchronized void clear() {
    blackholed.clear();
    delays.clear();
    if (armed != null) {
      armed.tripped().cancel(false);
      armed = null;
    }
  }

  Verdict onChunk(Direction d, byte[] chunk, Link link) {
    if (d == Direction.TO_CLIENT && replyLost.contains(link)) {
      return Verdict.DROP;
    }
    Armed trip = null;
    synchronized (this) {
      if (Boolean.TRUE.equals(blackholed.get(d))) {
        return Verdict.DROP;
      }
      if (d == Direction.TO_BACKEND && armed != null && (armed.marker() == null || contains(chunk, armed.marker()))) {
        trip = armed;
        armed = null;
      }
    }
    if (trip != null) {
      // The request goes on to the backend; from now on nothing comes back on this connection, and once the backend
      // has had time to apply it the connection is cut: the client sees a lost connection, outcome unknown.
      replyLost.add(link);
      SEVERER.schedule(() -> {
        replyLost.remove(link);
        link.close();
      }, trip.holdNanos(), TimeUnit.NANOSECONDS);
      trip.tripped().complete(null);
    }
    return Verdict.FORWARD;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
