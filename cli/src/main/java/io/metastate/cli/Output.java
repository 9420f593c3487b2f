package io.metastate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.metastate.state.Stat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code -o text|json}: how a reading command prints. JSON is one document per run, for scripts ({@code jq}). */
final class Output {
  /** The formats. */
  enum Format { text, json }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json.")
  Format format = Format.text;

  boolean json() {
    return format == Format.json;
  }

  /** Prints what a lookup found: as JSON ({@code null} if nothing), or as a line of text ({@code none} if nothing). */
  <T> void printOne(PrintStream out, Optional<T> found, Function<T, ?> json, Function<T, String> text, String none) {
    if (json()) {
      printJson(out, found.map(json).orElse(null));
    } else {
      out.println(found.map(text).orElse(none));
      out.flush();
    }
  }

  /** Prints a listing: as one JSON array, or as a line of text each. */
  <T> void printAll(PrintStream out, List<T> items, Function<T, ?> json, Function<T, String> text) {
    if (json()) {
      List<Object> all = new ArrayList<>();
      items.forEach(item -> all.add(json.apply(item)));
      printJson(out, all);
    } else {
      items.forEach(item -> out.println(text.apply(item)));
      out.flush();
    }
  }

  /** Prints {@code value} (maps, lists, strings, numbers, null) as JSON. */
  static void printJson(PrintStream out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
    out.flush();
  }

  /** A node's stat as a JSON object. */
  static Map<String, Object> stat(Stat stat) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", stat.version());
    m.put("createRevision", stat.createRevision());
    m.put("modRevision", stat.modRevision());
    m.put("ephemeralOwner", stat.ephemeralOwner());
    return m;
  }

  /** A duration as the configuration writes it: {@code 10s}, {@code 1500ms}. */
  static String duration(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** A session id as people read them in ZooKeeper's tools. */
  static String hex(long id) {
    return "0x" + Long.toHexString(id);
  }
}
