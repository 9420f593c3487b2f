package io.metastate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc} (no tools needed), so tests can prove that
 * servers bind to 127.0.0.1 only.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /**
   * The local addresses ({@code 127.0.0.1:2181}, {@code 0.0.0.0:8080}, {@code [::]:9090} ...) of every listening TCP
   * socket of process {@code pid}.
   *
   * @throws IllegalStateException if {@code /proc} is not available (not Linux)
   */
  public static List<String> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/" + pid + "/net/tcp", "/proc/" + pid + "/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(path)) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
            out.add(decode(f[1]));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Whether an address from {@link #of(long)} is on loopback 127.0.0.1 (also as an IPv4-mapped IPv6 address). */
  public static boolean isLoopbackV4(String address) {
    return address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:");
  }

  private static Set<String> socketInodes(long pid) {
    Path fds = Path.of("/proc/" + pid + "/fd");
    if (!Files.isDirectory(fds)) {
      throw new IllegalStateException("no " + fds + ": listening sockets can only be read on Linux");
    }
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> links = Files.list(fds)) {
      links.forEach(l -> {
        try {
          String target = Files.readSymbolicLink(l).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  private static String decode(String hexAddressPort) {
    String[] parts = hexAddressPort.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String hex = parts[0];
    if (hex.length() == 8) {
      return ipv4(hex) + ":" + port;
    }
    // IPv6 in /proc: four little-endian 32-bit words.
    if (hex.startsWith("0000000000000000FFFF0000")) {
      return "[::ffff:" + ipv4(hex.substring(24)) + "]:" + port;
    }
    StringBuilder sb = new StringBuilder("[");
    for (int w = 0; w < 4; w++) {
      String word = hex.substring(w * 8, w * 8 + 8);
      for (int b = 3; b >= 0; b--) {
        sb.append(word, b * 2, b * 2 + 2);
        if (b % 2 == 0 && !(w == 3 && b == 0)) {
          sb.append(':');
        }
      }
    }
    return sb.append("]:").append(port).toString().toLowerCase(Locale.ROOT);
  }

  private static String ipv4(String littleEndianHex) {
    int v = (int) Long.parseLong(littleEndianHex, 16);
    return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >>> 24) & 0xff);
  }
}
