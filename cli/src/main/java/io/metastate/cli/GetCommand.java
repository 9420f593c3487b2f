package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get PATH [--stat]}: a node's data (and stat). A missing node is exit status 1. */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print a node's data: its bytes as stored, then a newline unless --raw.",
        "A missing node fails (exit status 1)."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate get /apps/billing/config", "  metastate get --raw /blobs/logo > logo.png",
        "  metastate get -o json /apps/billing/config | jq .stat.version"})
final class GetCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Option(names = "--stat", description = "Also print the node's version, revisions and ephemeral owner.")
  boolean stat;

  @Option(names = "--raw", description = "Exactly the stored bytes, without a newline after them.")
  boolean raw;

  @Mixin
  Output output;

  GetCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    Node node = client.state().get(path).orElseThrow(() -> CliException.failed("no node at " + path));
    byte[] data = node.data();
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", node.path());
      m.put("data", text(data));
      m.put("base64", Base64.getEncoder().encodeToString(data));
      m.put("stat", Output.stat(node.stat()));
      Output.printJson(io.out(), m);
      return ExitCodes.OK;
    }
    io.out().write(data, 0, data.length);
    if (!raw && (data.length == 0 || data[data.length - 1] != '\n')) {
      io.out().println();
    }
    if (stat) {
      Stat s = node.stat();
      io.out().println("version        " + s.version());
      io.out().println("createRevision " + s.createRevision());
      io.out().println("modRevision    " + s.modRevision());
      io.out().println("ephemeralOwner " + (s.isEphemeral() ? Output.hex(s.ephemeralOwner()) : "none"));
      io.out().println("dataLength     " + data.length);
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  /** The data as text if it is valid UTF-8, else null (use base64). */
  static String text(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
