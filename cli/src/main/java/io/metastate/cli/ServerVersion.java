package io.metastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the server for its version, best effort (the SPI does not carry it): etcd answers {@code GET /version}, a
 * ZooKeeper server the four-letter word {@code srvr} (on its default whitelist). Empty when it does not answer in a
 * second, or for other providers.
 */
final class ServerVersion {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private ServerVersion() {}

  static Optional<String> probe(String provider, String endpoints) {
    if (endpoints == null || endpoints.isBlank()) {
      return Optional.empty();
    }
    String first = endpoints.split(",")[0].trim();
    try {
      return switch (provider) {
        case "etcd" -> etcd(first);
        case "zookeeper" -> zookeeper(first);
        default -> Optional.empty();
      };
    } catch (Exception e) {
      return Optional.empty(); // a version is a courtesy; status already shows the session is live
    }
  }

  private static Optional<String> etcd(String endpoint) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/version"))
        .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = ExportCommand.JSON.readTree(response.body());
    return Optional.ofNullable(json.path("etcdserver").textValue()).map(v -> "etcd " + v);
  }

  private static Optional<String> zookeeper(String connect) throws Exception {
    String hostPort = connect.contains("/") ? connect.substring(0, connect.indexOf('/')) : connect;
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    int port = colon < 0 ? 2181 : Integer.parseInt(hostPort.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("Zookeeper version:")) {
          return Optional.of("ZooKeeper " + line.substring("Zookeeper version:".length()).trim().split(",")[0]);
        }
      }
      return Optional.empty();
    }
  }
}
