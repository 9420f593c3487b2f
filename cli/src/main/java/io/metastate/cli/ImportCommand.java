package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import FILE [--under PATH]}: the JSON lines of {@code export}, in all-or-nothing batches. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Create the nodes of an 'export' file (JSON lines: path, data base64) on the configured provider,"
        + " parents first; missing ancestors are created empty.",
        "Refuses, before writing anything, if a node already exists, unless --overwrite (then its data is replaced)."
            + " Writes in transactions of --batch nodes: each batch lands whole or not at all.",
        "Reports the counts on stderr."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate --provider localfile --set localfile.dir=./dev \\", "      export /apps > apps.jsonl",
        "  metastate --provider etcd --set etcd.endpoints=http://127.0.0.1:2379 \\",
        "      import apps.jsonl",
        "  metastate import --under /staging --overwrite - < apps.jsonl"})
final class ImportCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The export file ('-' for stdin).")
  String file;

  @Option(names = "--under", paramLabel = "PATH", description = "Put every node below PATH (/apps -> PATH/apps).")
  String under;

  @Option(names = "--overwrite", description = "Replace the data of nodes that exist.")
  boolean overwrite;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "25",
      description = "Nodes per transaction (default 25; etcd allows 128 operations per transaction by default).")
  int batch;

  ImportCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    if (batch < 1) {
      throw CliException.usage("--batch must be at least 1, was " + batch);
    }
    NodePath prefix = under == null ? NodePath.ROOT : NodePath.of(under);
    List<ExportLines.Entry> entries = ExportLines.read(read(), prefix);
    MetaStateService state = client.state();

    List<String> existing = new ArrayList<>();
    for (ExportLines.Entry e : entries) {
      if (state.exists(e.path().value()).isPresent()) {
        existing.add(e.path().value());
      }
    }
    if (!existing.isEmpty() && !overwrite) {
      throw CliException.failed(existing.size() + " of " + entries.size() + " nodes already exist (first: "
          + existing.get(0) + "); nothing imported; --overwrite replaces their data");
    }

    Set<String> overwritten = new HashSet<>(existing);
    Set<NodePath> present = new HashSet<>();
    existing.forEach(p -> present.add(NodePath.of(p)));
    int created = 0;
    int updated = 0;
    int ancestors = 0;
    int batches = 0;
    List<Op> ops = new ArrayList<>();
    int pendingCreated = 0;
    int pendingUpdated = 0;
    int pendingAncestors = 0;
    for (int i = 0; i < entries.size(); i++) {
      ExportLines.Entry e = entries.get(i);
      for (NodePath ancestor : e.path().parent().orElseThrow().lineage()) {
        if (present.add(ancestor) && state.exists(ancestor.value()).isEmpty()) {
          ops.add(Op.create(ancestor.value(), new byte[0], CreateMode.PERSISTENT));
          pendingAncestors++;
        }
      }
      if (overwritten.contains(e.path().value())) {
        ops.add(Op.set(e.path().value(), e.data(), MetaStateService.ANY_VERSION));
        pendingUpdated++;
      } else {
        ops.add(Op.create(e.path().value(), e.data(), CreateMode.PERSISTENT));
        pendingCreated++;
      }
      present.add(e.path());
      if (ops.size() >= batch || i == entries.size() - 1) {
        try {
          state.multi(ops);
        } catch (CoordinationException ex) {
          throw CliException.failed("batch " + (batches + 1) + " rejected, none of its " + ops.size()
              + " writes applied: " + Failures.firstLine(ex.getMessage()) + "; before it: " + created + " created, "
              + updated + " overwritten, " + ancestors + " ancestors created in " + batches + " batches");
        }
        batches++;
        created += pendingCreated;
        updated += pendingUpdated;
        ancestors += pendingAncestors;
        pendingCreated = pendingUpdated = pendingAncestors = 0;
        ops.clear();
      }
    }
    io.err().println("imported " + entries.size() + " nodes: " + created + " created, " + updated + " overwritten, "
        + ancestors + " ancestors created, in " + batches + " batches");
    io.err().flush();
    return ExitCodes.OK;
  }

  private List<String> read() {
    try (InputStream in = file.equals("-") ? null : Files.newInputStream(Path.of(file))) {
      byte[] bytes = in == null ? io.in().readAllBytes() : in.readAllBytes();
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    } catch (java.nio.file.NoSuchFileException e) {
      throw CliException.usage("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("cannot read " + file + ": " + e.getMessage(), e));
    }
  }
}
