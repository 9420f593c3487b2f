package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.state.MetaStateService;
import io.metastate.state.NodePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ls [-R] PATH}: a node's children, or with -R every descendant, depth first. */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List the children of a node (names), or with -R every node below it (paths, depth first).",
    footerHeading = "%nExamples:%n",
    footer = {"  metastate ls /", "  metastate ls -R -o json /apps | jq -r '.[].path'"})
final class LsCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH", defaultValue = "/", description = "The node (default /).")
  String path;

  @Option(names = {"-R", "--recursive"}, description = "Every node below PATH, not just its children.")
  boolean recursive;

  @Mixin
  Output output;

  LsCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    MetaStateService state = client.state();
    NodePath root = NodePath.of(path);
    List<NodePath> found = new ArrayList<>();
    if (recursive) {
      walk(state, root, found);
    } else {
      state.children(root.value()).forEach(name -> found.add(root.child(name)));
    }
    output.printAll(io.out(), found, LsCommand::json, p -> recursive ? p.value() : p.name());
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(NodePath p) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("path", p.value());
    entry.put("name", p.name());
    return entry;
  }

  /** Every node below {@code root}, depth first, children sorted; a node deleted meanwhile is skipped. */
  static void walk(MetaStateService state, NodePath root, List<NodePath> into) {
    List<String> children;
    try {
      children = state.children(root.value());
    } catch (io.metastate.error.NoNodeException e) {
      if (into.isEmpty()) {
        throw e; // the root itself is missing
      }
      return;
    }
    for (String name : children) {
      NodePath child = root.child(name);
      into.add(child);
      walk(state, child, into);
    }
  }
}
