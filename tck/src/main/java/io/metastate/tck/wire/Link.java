package io.metastate.tck.wire;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;

/** One proxied connection: the client's socket and ours to the backend; closing either end closes both. */
final class Link {
  private final Socket client;
  private final Socket upstream;
  private volatile boolean closed;

  Link(Socket client, Socket upstream) {
    this.client = client;
    this.upstream = upstream;
  }

  void start(Faults faults, String name) throws IOException {
    new Pipe(Direction.TO_BACKEND, faults, this).start(client.getInputStream(), upstream.getOutputStream(), name);
    new Pipe(Direction.TO_CLIENT, faults, this).start(upstream.getInputStream(), client.getOutputStream(), name);
  }

  boolean isClosed() {
    return closed;
  }

  void close() {
    closed = true;
    closeQuietly(client);
    closeQuietly(upstream);
  }

  /** Closes a socket of the proxy, which may be closed already: the proxy has no one to tell of a failure. */
  static void closeQuietly(Closeable socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
