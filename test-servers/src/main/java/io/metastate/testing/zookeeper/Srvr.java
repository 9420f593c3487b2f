package io.metastate.testing.zookeeper;

import io.metastate.testing.Loopback;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** ZooKeeper's {@code srvr} four-letter command: whether a server on 127.0.0.1 serves, and in which mode. */
public final class Srvr {
  private Srvr() {}

  /** The server's answer, or "" if the port does not answer. */
  public static String ask(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(Loopback.ADDRESS, port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether the server on {@code port} serves (answers with a mode). */
  public static boolean serving(int port) {
    return ask(port).contains("Mode:");
  }
}
