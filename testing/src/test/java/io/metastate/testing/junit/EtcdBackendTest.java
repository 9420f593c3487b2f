package io.metastate.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.TestTiming;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd through the extension, in whichever mode this machine allows (Testcontainers where an engine runs; with
 * {@code CI=true} nothing else is accepted), spoken to over etcd's own HTTP gateway so that no provider is needed.
 */
class EtcdBackendTest {
  @RegisterExtension static MetaStateBackend etcd = MetaStateBackend.etcd();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("in CI the server runs in a container; elsewhere the mode says what ran")
  void modeIsReported() {
    BackendMode expected = Settings.inCi() || DockerEngine.problem().isEmpty()
        ? BackendMode.TESTCONTAINERS : BackendMode.LOCAL_PROCESS;
    assertThat(etcd.mode()).isEqualTo(expected);
    assertThat(etcd.description()).contains(etcd.config().require("metastate.etcd.endpoints"));
  }

  @Test
  @DisplayName("kill then restart: same address, same data")
  void restartKeepsData() throws Exception {
    put("restart-key", "kept");
    etcd.kill();
    assertThat(etcd.isRunning(0)).isFalse();
    etcd.restart();
    assertThat(etcd.isRunning(0)).isTrue();
    assertThat(get("restart-key")).contains(b64("kept"));
  }

  @Test
  @DisplayName("pause freezes the server (it stops answering) and resume brings it back")
  void pauseAndResume() throws Exception {
    etcd.pause();
    assertThat(Probes.etcdHealthy(endpoint())).isFalse();
    assertThat(etcd.isRunning(0)).isTrue();
    etcd.resume();
    Awaitility.await().atMost(TestTiming.seconds(20)).until(() -> Probes.etcdHealthy(endpoint()));
  }

  @Test
  @DisplayName("a fault left in place is undone after the test")
  void leavesItPaused() {
    etcd.pause(); // heal() after this test resumes it; the other tests would fail otherwise
  }

  private static String endpoint() {
    return etcd.config().require("metastate.etcd.endpoints");
  }

  private static void put(String key, String value) throws IOException, InterruptedException {
    post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
  }

  private static String get(String key) throws IOException, InterruptedException {
    return post("/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}");
  }

  private static String post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
