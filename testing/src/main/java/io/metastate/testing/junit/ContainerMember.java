package io.metastate.testing.junit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One server in a container on the host network. Testcontainers creates and removes it; the faults go straight to the
 * engine: {@code docker pause} (the cgroup freezer: connections stay open, nothing answers), {@code docker kill}
 * (SIGKILL; the container and its data stay), and {@code docker start} of the same container (same ports, same data).
 */
final class ContainerMember implements Member, AutoCloseable {
  private final String name;
  private final GenericContainer<?> container;
  private final BooleanSupplier ready;
  private boolean paused;

  ContainerMember(String name, String image, List<String> command, BooleanSupplier ready) {
    this.name = name;
    this.ready = ready;
    // Host network: no bridge on engines run with --bridge=none, and each server binds 127.0.0.1 itself.
    // No port mapping applies there, so readiness is our own probe on the port we chose, after the start.
    this.container = new GenericContainer<>(DockerImageName.parse(image)).withNetworkMode("host")
        .withLabel("io.metastate.testing", name).waitingFor(new StartedOnly());
    if (!command.isEmpty()) { // empty: the image's own command
      container.withCommand(command.toArray(String[]::new));
    }
  }

  GenericContainer<?> container() {
    return container;
  }

  /** Creates and starts the container; readiness is {@link #awaitReady()}, so that a cluster's members start together. */
  void start() {
    container.start();
  }

  void awaitReady() {
    Probes.await(name + " in container " + shortId() + " ready", ready, this::checkAlive);
  }

  @Override
  public synchronized void pause() {
    docker().pauseContainerCmd(container.getContainerId()).exec();
    paused = true;
  }

  @Override
  public synchronized void resume() {
    if (paused) {
      docker().unpauseContainerCmd(container.getContainerId()).exec();
      paused = false;
    }
  }

  /** SIGKILL through the engine; returns once the container has stopped. */
  @Override
  public synchronized void kill() {
    resume();
    if (isRunning()) {
      docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
      Probes.await(name + " stopped", () -> !isRunning(), () -> { });
    }
  }

  /** Starts the stopped container again (same ports, same data) and waits until it serves. */
  @Override
  public synchronized void restart() {
    kill();
    docker().startContainerCmd(container.getContainerId()).exec();
    awaitReady();
  }

  @Override
  public boolean isRunning() {
    InspectContainerResponse.ContainerState state = docker().inspectContainerCmd(container.getContainerId()).exec()
        .getState();
    return Boolean.TRUE.equals(state.getRunning());
  }

  boolean isPaused() {
    return paused;
  }

  private void checkAlive() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " exited; its output:\n" + container.getLogs());
    }
  }

  private String shortId() {
    String id = container.getContainerId();
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  /** Removes the container (unpausing first: a paused container cannot be killed). */
  @Override
  public synchronized void close() {
    try {
      resume();
    } catch (RuntimeException ignored) {
      // already gone; stop() below copes
    }
    container.stop();
  }

  @Override
  public String toString() {
    return name + "[" + shortId() + "]";
  }

  /** Started means running: the server's own readiness is probed by the caller, on the port it chose. */
  private static final class StartedOnly extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      // nothing: see ContainerMember.awaitReady
    }
  }
}
