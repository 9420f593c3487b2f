package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The status page in a real browser (headless Chromium through Selenium)")
class StatusPageBrowserTest {
  @TempDir Path dir;

  private static String js(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Test
  @DisplayName("shows leader, nodes and partition map; after a node's SIGKILL, without a reload, shows it dead, its "
      + "partitions moved and its failover time; a follower's page shows the same cluster and where the leader is")
  void liveStatus() {
    try (ProcNodes cluster = new ProcNodes(dir); Browser browser = new Browser(dir.resolve("profile"))) {
      String leader = cluster.server();
      String follower = cluster.server();
      cluster.node("node-1", leader);
      cluster.node("node-2", leader);
      cluster.node("node-3", leader);

      browser.driver.get(leader + "/status");
      browser.eval("(window.loadedOnce = 'this page was not reloaded')");
      await().atMost(TestTiming.waitLimit()).ignoreExceptions().until(() -> browser.check(
          "document.getElementById('leader').textContent === " + js(leader)
          + " && document.getElementById('role').textContent === 'leader'"
          + " && document.querySelectorAll('#nodes tr[data-alive=true]').length === 3"
          + " && document.querySelectorAll('#servers li').length === 2"
          + " && document.querySelectorAll('#map th[data-partition]').length === 16"
          + " && [...document.querySelectorAll('#map th[data-partition]')].every(th => th.dataset.primary)"
          + " && document.querySelectorAll('#map td[data-role=secondary]').length > 0"
          + " && ['node-1', 'node-2', 'node-3'].every(n => document.querySelectorAll("
          + "'#map td[data-node=\"' + n + '\"][data-role=primary]').length > 0)"));
      @SuppressWarnings("unchecked")
      List<Object> moving = (List<Object>) browser.eval("[...document.querySelectorAll("
          + "'#map td[data-node=\"node-1\"][data-role=primary]')].map(td => td.dataset.partition)");
      assertThat(moving).isNotEmpty();

      cluster.nodes.get("node-1").kill();
      String movedAway = "[" + String.join(",", moving.stream().map(p -> js(String.valueOf(p))).toList()) + "]"
          + ".every(p => ['node-2', 'node-3'].includes("
          + "document.querySelector('#map th[data-partition=\"' + p + '\"]').dataset.primary))";
      await().atMost(TestTiming.seconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> browser.check(
          "document.querySelector('#nodes tr[data-node=\"node-1\"]').dataset.alive === 'false'"
          + " && " + movedAway
          + " && /^\\d+ ms$/.test((document.querySelector('#timeline li[data-kind=failover][data-node=\"node-1\"] "
          + ".failover-ms') || {}).textContent)"));
      assertThat(browser.check("document.querySelector('#timeline li[data-kind=\"node-dead\"][data-node=\"node-1\"]')"
          + " !== null && document.querySelector('#timeline li[data-kind=\"partition-moved\"]') !== null")).isTrue();
      assertThat(browser.eval("window.loadedOnce")).isEqualTo("this page was not reloaded");
      browser.screenshot(Path.of("target", "status-page.png"));

      // A follower serves the same page: the leader's view, and where the leader is.
      browser.driver.get(follower + "/status");
      await().atMost(TestTiming.waitLimit()).ignoreExceptions().until(() -> browser.check(
          "document.getElementById('role').textContent === 'follower'"
          + " && document.getElementById('leader').textContent === " + js(leader)
          + " && document.querySelector('#nodes tr[data-node=\"node-1\"]').dataset.alive === 'false'"
          + " && document.querySelector('#servers li[data-role=leader]').dataset.url === " + js(leader)));
      browser.screenshot(Path.of("target", "status-page-follower.png"));
    }
  }
}
