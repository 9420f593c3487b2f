package io.metastate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a written value comes from: the VALUE argument as UTF-8 text, or {@code --file FILE} ({@code -}: stdin). */
final class ValueInput {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Read the value's bytes from FILE ('-' for stdin) instead of the VALUE argument.")
  String file;

  /**
   * The bytes to write.
   *
   * @param text the VALUE argument, or null
   * @param required whether a value must be given (set) or may be empty (create)
   */
  byte[] bytes(Io io, String text, boolean required) {
    if (text != null && file != null) {
      throw CliException.usage("give the value as an argument or with --file, not both");
    }
    if (file == null) {
      if (text == null && required) {
        throw CliException.usage("a VALUE (or --file FILE, '-' for stdin) is required");
      }
      return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return file.equals("-") ? io.in().readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("cannot read the value from " + file + ": " + e.getMessage(), e));
    }
  }
}
