package io.metastate.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fair local lock per lock name, per container. All threads share the container's session, and a session may not
 * ask for a lock it already holds or awaits, so threads queue here first (FIFO, like the backend's waiters) and only
 * the head of the local queue asks the backend. The names come from annotations, so the map stays small.
 */
@ApplicationScoped
class LockGates {
  private final ConcurrentMap<String, ReentrantLock> gates = new ConcurrentHashMap<>();

  ReentrantLock gate(String name) {
    return gates.computeIfAbsent(name, n -> new ReentrantLock(true));
  }
}
