package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.Guice;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateModule;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The meta server's HTTP API refuses bad requests with 4xx and a message, and keeps serving")
class ApiErrorsTest {
  static final String NODE = "node-token-123";
  static final String ADMIN = "admin-token-456";
  @TempDir static Path dir;
  static MetaServer server;
  static String url;

  @BeforeAll
  static void start() {
    MetaStateConfig config = MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", dir.toString(), "metaserver.http.port", "0",
        "metaserver.auth.node-token", NODE, "metaserver.auth.admin-token", ADMIN));
    server = Guice.createInjector(MetaStateModule.of(config), new MetaServerModule()).getInstance(MetaServer.class);
    url = server.start();
    await().atMost(TestTiming.waitLimit()).until(server::isLeader);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Api.Response post(String path, String token, String body) {
    return Api.call("POST", url + path, token, body);
  }

  @Test
  @DisplayName("node and admin calls without a token get 401, with a wrong token 403")
  void authentication() {
    String register = "{\"id\":\"n1\",\"address\":\"http://127.0.0.1:1\",\"incarnation\":\"x\"}";
    Api.Response none = post("/api/nodes/register", null, register);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(none.json().get("error").asText()).contains("Authorization: Bearer");
    assertThat(post("/api/nodes/register", "not-the-token", register).status()).isEqualTo(403);
    assertThat(post("/api/admin/rebalance", null, null).status()).isEqualTo(401);
    Api.Response nodeAsAdmin = post("/api/admin/rebalance", NODE, null);
    assertThat(nodeAsAdmin.status()).isEqualTo(403);
    assertThat(nodeAsAdmin.json().get("error").asText()).contains("admin");
    assertThat(Api.call("GET", url + "/api/data?node=n1&partition=0&epoch=1", null, null).status()).isEqualTo(401);

    // The right tokens pass: the refusals above were about the token, not the request.
    assertThat(post("/api/nodes/register", NODE, register).status()).isEqualTo(200);
    assertThat(post("/api/admin/rebalance", ADMIN, null).status()).isEqualTo(200);
    assertThat(post("/api/nodes/beacon", ADMIN, "{\"id\":\"n1\"}").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("malformed bodies, unknown fields, bad parameters, paths and methods get 4xx naming the problem")
  void malformed() {
    assertError(post("/api/nodes/register", NODE, "{not json"), 400, "malformed JSON");
    assertError(post("/api/nodes/register", NODE, ""), 400, "was empty");
    assertError(post("/api/nodes/register", NODE, "{\"id\":\"n1\",\"bogus\":1}"), 400, "bogus");
    assertError(post("/api/nodes/register", NODE, "{\"id\":\"bad id!\",\"address\":\"x\",\"incarnation\":\"i\"}"),
        400, "register needs id");
    assertError(post("/api/nodes/register", NODE, "[1,2]"), 400, "malformed JSON");
    assertError(post("/api/nodes/beacon", NODE, "{\"id\":\"never-registered\"}"), 410, "register again");
    assertError(post("/api/writeback", NODE, "{\"node\":\"n1\",\"incarnation\":\"x\",\"partition\":0,\"epoch\":1,"
        + "\"seq\":1,\"values\":{\"key-that-is-elsewhere-42\":1,\"k\":2,\"j\":3,\"x\":4}}"), 400,
        "does not belong to partition 0");
    assertError(post("/api/writeback", NODE, "{\"node\":\"n1\",\"partition\":0,\"epoch\":1,\"values\":{}}"), 400,
        "needs node, incarnation, partition, epoch, seq and values");
    assertError(post("/api/writeback", NODE, "{\"node\":\"n1\",\"partition\":\"zero\",\"epoch\":1,\"values\":{}}"),
        400, "malformed JSON");
    assertError(Api.call("GET", url + "/api/route", null, null), 400, "missing query parameter 'key'");
    assertError(Api.call("GET", url + "/api/route?key=" + "k".repeat(300), null, null), 400, "1-200 printable");
    assertError(Api.call("GET", url + "/api/data?node=n1&partition=abc&epoch=1", NODE, null), 400,
        "'partition' must be an integer, was 'abc'");
    assertError(Api.call("GET", url + "/api/data?node=n1&partition=999&epoch=1", NODE, null), 404, "no partition 999");
    assertError(Api.call("GET", url + "/api/nothing-here", null, null), 404, "no such resource");
    assertError(Api.call("DELETE", url + "/api/cluster", null, null), 405, "DELETE is not allowed");
    assertError(post("/api/admin/nodes/ghost/evict", ADMIN, null), 404, "no node ghost");
    Api.Response huge = post("/api/nodes/register", NODE, "{\"id\":\"" + "x".repeat(1 << 20) + "\"}");
    assertThat(huge.status()).as(huge.body()).isEqualTo(413);
    assertThat(huge.json().get("status").asInt()).isEqualTo(413);

    // Still serving after all of that.
    assertThat(Api.get(url + "/api/leader").get("isLeader").asBoolean()).isTrue();
    assertThat(Api.call("GET", url + "/status", null, null).body()).contains("metastate meta server");
  }

  private static void assertError(Api.Response r, int status, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).contains(message);
  }
}
