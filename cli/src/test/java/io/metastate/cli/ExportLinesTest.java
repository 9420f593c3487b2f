package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.state.NodePath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the export format, parsed without a backend")
class ExportLinesTest {
  private static String line(String path, String data) {
    return ExportCommand.line(path, data.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("puts parents before children whatever the file order, moves paths below --under, skips the root")
  void ordersAndMoves() {
    List<ExportLines.Entry> entries = ExportLines.read(List.of(line("/a/b/c", "3"), "", line("/", "root"),
        line("/a", "1"), line("/a/b", "2")), NodePath.of("/under"));
    assertThat(entries).extracting(e -> e.path().value()).containsExactly("/under/a", "/under/a/b", "/under/a/b/c");
    assertThat(new String(entries.get(2).data(), StandardCharsets.UTF_8)).isEqualTo("3");
  }

  @Test
  @DisplayName("names the first bad line: not JSON, no path, bad base64, a bad path, a path twice")
  void rejectsBadLines() {
    assertBad(List.of(line("/a", "1"), "{not json"), "line 2 is not JSON");
    assertBad(List.of("{\"data\":\"\"}"), "line 1 has no \"path\"");
    assertBad(List.of("{\"path\":\"/a\",\"data\":\"%%%\"}"), "line 1: \"data\" is not base64");
    assertBad(List.of("{\"path\":\"a//b\"}"), "line 1: invalid path 'a//b'");
    assertBad(List.of(line("/a", "1"), line("/a", "2")), "line 2: /a appears twice");
  }

  private static void assertBad(List<String> lines, String message) {
    assertThatThrownBy(() -> ExportLines.read(lines, NodePath.ROOT)).isInstanceOfSatisfying(CliException.class,
        e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
          assertThat(e.getMessage()).startsWith(message);
        });
  }
}
