package io.metastate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastate.CoordinationClient;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export PATH > FILE}: a subtree as JSON lines ({@code {"path":...,"data":base64}}), persistent nodes only. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write PATH and every persistent node below it as JSON lines, parents before children.",
        "Each line: {\"path\":\"/apps/billing\",\"data\":\"<base64>\"}",
        "Ephemeral nodes belong to live sessions and are left out. The count goes to stderr.",
        "Read it back, on any provider, with 'metastate import'."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate --provider localfile --set localfile.dir=./dev \\", "      export /apps > apps.jsonl",
        "  metastate export --out apps.jsonl /apps"})
final class ExportCommand extends BackendCommand {
  static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "PATH", defaultValue = "/", description = "The subtree (default /).")
  String path;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
  Path file;

  ExportCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    MetaStateService state = client.state();
    NodePath root = NodePath.of(path);
    List<NodePath> paths = new ArrayList<>();
    if (!root.isRoot()) {
      if (state.exists(root.value()).isEmpty()) {
        throw CliException.failed("no node at " + root);
      }
      paths.add(root);
    }
    LsCommand.walk(state, root, paths);
    int written = 0;
    try (OutputStream sink = file == null ? null : Files.newOutputStream(file)) {
      PrintStream out = sink == null ? io.out() : new PrintStream(sink, false, StandardCharsets.UTF_8);
      for (NodePath p : paths) {
        Optional<Node> node = state.get(p.value());
        if (node.isEmpty() || node.get().stat().isEphemeral()) {
          continue; // deleted meanwhile, or owned by a session: not part of a durable tree
        }
        out.println(line(p.value(), node.get().data()));
        written++;
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("cannot write " + file + ": " + e.getMessage(), e));
    }
    io.err().println("exported " + written + " nodes from " + root);
    io.err().flush();
    return ExitCodes.OK;
  }

  static String line(String path, byte[] data) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("data", Base64.getEncoder().encodeToString(data));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
