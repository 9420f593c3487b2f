package io.metastate.tck.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 in front of one backend port, with faults a test switches on and off for the
 * connections of the client behind it, while every other client stays healthy:
 *
 * <ul>
 *   <li>{@link #cut()} / {@link #restore()}: drop every connection and refuse new ones (a clean disconnect);
 *   <li>{@link #loseNextReply(String)}: the next request that carries a marker (a path or lock name: requests of
 *       ZooKeeper and of etcd's gRPC carry them as plain UTF-8) reaches the backend, but nothing more comes back on
 *       that connection, and once the backend has had {@linkplain #loseNextReply(String, Duration) time} to apply
 *       it the connection is cut: the client sees connection loss, outcome unknown;
 *   <li>{@link #delay(Direction, Duration)}: every chunk in one direction arrives late by a fixed time, in order;
 *   <li>{@link #blackhole(Direction)}: one direction is silently dropped while the connection stays open.
 * </ul>
 * {@link #heal()} clears every fault but a cut. "A request" is a chunk of bytes as the client wrote it; a marker
 * split across two TCP reads is not seen (markers are short and written in one frame by both wire protocols).
 *
 * <pre>{@code
 * try (LoopbackProxy proxy = LoopbackProxy.to(backendPort)) {
 *   client = open("127.0.0.1:" + proxy.port());
 *   proxy.loseNextReply("/orders/42");
 *   assertThatThrownBy(() -> client.state().create("/orders/42", data)).isInstanceOf(ConnectionLossException.class);
 * }
 * }</pre>
 */
public final class LoopbackProxy implements AutoCloseable {
  /** How long a lost reply's connection is held open (replies dropped) before it is cut. */
  public static final Duration DEFAULT_HOLD = Duration.ofMillis(300);

  private final int targetPort;
  private final ServerSocket server;
  private final Faults faults = new Faults();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private volatile boolean closed;

  private LoopbackProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::acceptLoop, "loopback-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy listening on a free 127.0.0.1 port, forwarding to 127.0.0.1:{@code targetPort}. */
  public static LoopbackProxy to(int targetPort) {
    try {
      return new LoopbackProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Drops every forwarded connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    links.forEach(Link::close);
    links.clear();
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  /** Whether the proxy is cut. */
  public boolean isCut() {
    return cut;
  }

  /**
   * Arms a lost reply: the next request whose bytes contain {@code marker} ({@code null}: the next request of any
   * kind) is forwarded; its reply, and everything after it on that connection, is dropped, and the connection is cut
   * {@link #DEFAULT_HOLD} later. Re-arming replaces an armed fault that has not tripped.
   *
   * @return completes when the request has been forwarded (the fault tripped)
   */
  public CompletableFuture<Void> loseNextReply(String marker) {
    return loseNextReply(marker, DEFAULT_HOLD);
  }

  /** {@link #loseNextReply(String)} holding the connection open, replies dropped, for {@code hold} before the cut. */
  public CompletableFuture<Void> loseNextReply(String marker, Duration hold) {
    return faults.loseNextReply(marker, hold.toNanos());
  }

  /** Delays every chunk in {@code direction} by {@code delay} (zero: no delay); order is kept. */
  public void delay(Direction direction, Duration delay) {
    faults.delay(Objects.requireNonNull(direction, "direction"), delay.toNanos());
  }

  /** Silently drops every chunk in {@code direction}; connections stay open. */
  public void blackhole(Direction direction) {
    faults.blackhole(Objects.requireNonNull(direction, "direction"), true);
  }

  /** Clears delays, blackholes and an armed lost reply (not a {@link #cut()}). */
  public void heal() {
    faults.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        Link.closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 2000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Link link = new Link(client, upstream);
        links.add(link);
        link.start(faults, "loopback-proxy-" + port());
      } catch (IOException e) {
        Link.closeQuietly(client);
      }
    }
  }

  /** Stops listening and drops every connection. */
  @Override
  public void close() {
    closed = true;
    cut();
    Link.closeQuietly(server);
  }
}
