package io.metastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.error.InvalidPathException;
import io.metastate.state.NodePath;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parsing the export format: one {@code {"path":"/a","data":"<base64>"}} per line. Pure; validates everything. */
final class ExportLines {
  private ExportLines() {}

  /** One node to import, at its final path. */
  record Entry(NodePath path, byte[] data) {}

  /**
   * The entries of {@code lines}, moved below {@code under}, parents before children (by depth, then file order).
   *
   * @throws CliException status 2 naming the first bad line
   */
  static List<Entry> read(List<String> lines, NodePath under) {
    List<Entry> entries = new ArrayList<>();
    Set<NodePath> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      Entry e = parse(line, i + 1, under);
      if (e.path().isRoot()) {
        continue; // the root always exists and has no data to carry
      }
      if (!seen.add(e.path())) {
        throw CliException.usage("line " + (i + 1) + ": " + e.path() + " appears twice");
      }
      entries.add(e);
    }
    entries.sort(Comparator.comparingInt(e -> e.path().depth())); // stable: file order within a depth
    return entries;
  }

  private static Entry parse(String line, int number, NodePath under) {
    JsonNode json;
    try {
      json = ExportCommand.JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CliException.usage("line " + number + " is not JSON: " + Failures.firstLine(e.getOriginalMessage()));
    }
    if (json == null || !json.isObject() || !json.path("path").isTextual()) {
      throw CliException.usage("line " + number + " has no \"path\" string; expected {\"path\":\"/a\",\"data\":"
          + "\"<base64>\"}");
    }
    byte[] data;
    try {
      data = json.path("data").isTextual() ? Base64.getDecoder().decode(json.path("data").asText()) : new byte[0];
    } catch (IllegalArgumentException e) {
      throw CliException.usage("line " + number + ": \"data\" is not base64: " + e.getMessage());
    }
    try {
      NodePath path = NodePath.of(json.path("path").asText());
      return new Entry(under.isRoot() || path.isRoot() ? path : NodePath.of(under.value() + path.value()), data);
    } catch (InvalidPathException e) {
      throw CliException.usage("line " + number + ": " + e.getMessage());
    }
  }
}
