package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.state.CreateMode;
import io.metastate.state.NodePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("export from the local file, import into etcd")
class ExportImportTest {
  @AutoClose static final EtcdCluster etcd = EtcdServers.start();

  @TempDir
  Path dir;

  private List<String> local() {
    return List.of("--provider", "localfile", "--set", "localfile.dir=" + dir.resolve("store"));
  }

  private static List<String> etcd(String namespace) {
    return List.of("--provider", "etcd", "--set", "etcd.endpoints=" + etcd.endpointList(), "--set",
        "etcd.namespace=" + namespace);
  }

  @Test
  @DisplayName("gives an identical tree (binary data, empty nodes, depth), without ephemeral nodes; refuses to"
      + " overwrite unless --overwrite")
  void localFileToEtcd() throws Exception {
    byte[] binary = {0, 1, (byte) 0xff, '\n', (byte) 0xc3};
    Files.write(dir.resolve("blob"), binary);
    Cli.run(Cli.args(local(), "create", "--parents", "/apps/billing/config", "max=10"));
    Cli.run(Cli.args(local(), "create", "/apps/billing/logo", "--file", dir.resolve("blob").toString()));
    Cli.run(Cli.args(local(), "create", "--parents", "/apps/search/shards/0"));
    Cli.run(Cli.args(local(), "create", "/other", "not exported"));
    Path file = dir.resolve("apps.jsonl");
    Cli.Result exported;
    try (CoordinationClient holder = open(local())) {
      holder.state().create("/apps/member", new byte[] {1}, CreateMode.EPHEMERAL);
      exported = Cli.run(Cli.args(local(), "export", "--out", file.toString(), "/apps"));
    }
    assertThat(exported.status()).as(exported.toString()).isZero();
    assertThat(exported.err()).contains("exported 7 nodes");
    assertThat(Files.readAllLines(file)).first().asString().isEqualTo("{\"path\":\"/apps\",\"data\":\"\"}");

    Cli.Result imported = Cli.run(Cli.args(etcd("move/"), "import", "--batch", "4", file.toString()));
    assertThat(imported.status()).as(imported.toString()).isZero();
    assertThat(imported.err()).contains("7 created", "2 batches");
    Map<String, String> source = tree(local(), "/apps");
    assertThat(source).hasSize(7).containsEntry("/apps/billing/logo", Base64.getEncoder().encodeToString(binary));
    assertThat(tree(etcd("move/"), "/apps")).isEqualTo(source);

    Cli.Result again = Cli.run(Cli.args(etcd("move/"), "import", file.toString()));
    assertThat(again.status()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.errLines()).singleElement().asString().contains("7 of 7 nodes already exist")
        .contains("nothing imported").contains("--overwrite");
    Cli.run(Cli.args(etcd("move/"), "set", "/apps/billing/config", "changed"));
    Cli.Result overwritten = Cli.run(Cli.args(etcd("move/"), "import", "--overwrite", file.toString()));
    assertThat(overwritten.status()).as(overwritten.toString()).isZero();
    assertThat(overwritten.err()).contains("7 overwritten");
    assertThat(tree(etcd("move/"), "/apps")).isEqualTo(source);

    Cli.Result under = Cli.run(Cli.args(etcd("move/"), "import", "--under", "/staging", file.toString()));
    assertThat(under.status()).as(under.toString()).isZero();
    assertThat(Cli.run(Cli.args(etcd("move/"), "get", "/staging/apps/billing/config")).out()).isEqualTo("max=10\n");
  }

  @Test
  @DisplayName("is all-or-nothing per batch: a rejected batch leaves none of its nodes, earlier batches stay")
  void batchIsAtomic() throws Exception {
    List<String> target = etcd("atomic/");
    Path file = dir.resolve("nodes.jsonl");
    Files.write(file, List.of(line("/a", "1"), line("/b", "2"), line("/c", "3"), line("/e/child", "4")));
    try (CoordinationClient holder = open(target)) {
      holder.state().create("/e", new byte[0], CreateMode.EPHEMERAL); // an ephemeral cannot have children
      Cli.Result r = Cli.run(Cli.args(target, "import", "--batch", "2", file.toString()));
      assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(r.errLines()).singleElement().asString().contains("batch 2 rejected")
          .contains("2 created");
      assertThat(holder.state().exists("/a")).isPresent();
      assertThat(holder.state().exists("/b")).isPresent();
      assertThat(holder.state().exists("/c")).as("in the rejected batch").isEmpty();
    }
  }

  private static String line(String path, String data) {
    return ExportCommand.line(path, data.getBytes(StandardCharsets.UTF_8));
  }

  private static CoordinationClient open(List<String> backend) {
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < backend.size(); i += 2) {
      if (backend.get(i).equals("--provider")) {
        values.put("metastate.provider", backend.get(i + 1));
      } else {
        String[] kv = backend.get(i + 1).split("=", 2);
        values.put("metastate." + kv[0], kv[1]);
      }
    }
    return MetaState.open(MetaStateConfig.of(values));
  }

  /** Every node at and below {@code root}: path to data (base64), read through the library. */
  private static Map<String, String> tree(List<String> backend, String root) {
    try (CoordinationClient client = open(backend)) {
      List<NodePath> paths = new ArrayList<>(List.of(NodePath.of(root)));
      LsCommand.walk(client.state(), NodePath.of(root), paths);
      Map<String, String> tree = new TreeMap<>();
      for (NodePath p : paths) {
        client.state().get(p.value()).ifPresent(n -> tree.put(p.value(),
            Base64.getEncoder().encodeToString(n.data())));
      }
      return tree;
    }
  }
}
