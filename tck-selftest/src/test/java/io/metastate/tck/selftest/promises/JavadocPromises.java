package io.metastate.tck.selftest.promises;

import io.metastate.tck.promises.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the promises out of the SPI sources: every {@code [ID]} marker in a Javadoc comment, with the sentence before
 * it. Markup is reduced to text the way a reader sees it: {@code {@link Type#member label}} becomes the label (or the
 * member, or the simple type name), {@code {@code x}} becomes x, HTML tags and block tags start a new sentence, and
 * white space collapses. The sentence of a marker starts after the last sentence end ({@code ". "}), paragraph or
 * list item, block tag or earlier marker before it.
 */
final class JavadocPromises {
  /** A marker and where it was found. */
  record Marked(Promise promise, String file) {}

  private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("\\[([A-Z]+-[0-9]+)]");
  private static final char BREAK = '\u00b6';

  private JavadocPromises() {}

  /** Every marked sentence under {@code sourceRoot}, in file order. */
  static List<Marked> scan(Path sourceRoot) {
    List<Marked> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        Matcher comment = COMMENT.matcher(source);
        while (comment.find()) {
          for (Promise p : promisesIn(comment.group(1))) {
            out.add(new Marked(p, sourceRoot.relativize(file).toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The marked sentences of one comment body (between its slash-star-star and star-slash). */
  static List<Promise> promisesIn(String commentBody) {
    String text = plain(commentBody);
    List<Promise> out = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    int sentenceFloor = 0;
    while (m.find()) {
      String before = text.substring(sentenceFloor, m.start()).stripTrailing();
      int dot = before.lastIndexOf(". ");
      int start = Math.max(dot < 0 ? 0 : dot + 2, before.lastIndexOf(BREAK) + 1);
      String sentence = before.substring(start).strip();
      out.add(new Promise(m.group(1), sentence));
      sentenceFloor = m.end();
    }
    return out;
  }

  /** The comment as a reader sees it, with {@link #BREAK} where a paragraph, item or block tag begins. */
  static String plain(String commentBody) {
    StringBuilder joined = new StringBuilder();
    for (String line : commentBody.split("\n")) {
      joined.append(line.replaceFirst("^\\s*\\*( |$)?", "")).append(' ');
    }
    String text = inlineTags(joined.toString());
    text = text.replaceAll("</?(p|li|ul|ol|pre|blockquote)>", " " + BREAK + " ");
    text = text.replaceAll("<[^>]+>", "");
    text = text.replaceAll("(^|\\s)@throws\\s+([\\w.]+)", " " + BREAK + " throws $2");
    text = text.replaceAll("(^|\\s)@return\\s", " " + BREAK + " returns ");
    text = text.replaceAll("(^|\\s)@(param|see|deprecated)\\s", " " + BREAK + " ");
    text = text.replaceAll("throws (?:[a-z]\\w*\\.)+(\\w+)", "throws $1");
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String inlineTags(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{@", i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, open);
      int depth = 0;
      int end = open;
      for (; end < text.length(); end++) {
        char c = text.charAt(end);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          break;
        }
      }
      String tag = text.substring(open + 2, Math.min(end, text.length()));
      out.append(renderTag(tag));
      i = end + 1;
    }
    return out.toString();
  }

  private static String renderTag(String tag) {
    String[] parts = tag.strip().split("\\s+", 2);
    String kind = parts[0];
    String rest = parts.length > 1 ? parts[1].strip() : "";
    if (kind.equals("link") || kind.equals("linkplain")) {
      String target = rest;
      String label = "";
      int paren = rest.indexOf('(');
      int space = paren >= 0 ? rest.indexOf(' ', rest.indexOf(')')) : rest.indexOf(' ');
      if (space > 0) {
        target = rest.substring(0, space);
        label = rest.substring(space + 1).strip();
      }
      if (!label.isEmpty()) {
        return label;
      }
      String member = target.contains("#") ? target.substring(target.indexOf('#') + 1) : target;
      member = member.replaceAll("\\(.*\\)", "");
      return member.substring(member.lastIndexOf('.') + 1);
    }
    if (kind.equals("value")) {
      return rest.substring(rest.indexOf('#') + 1);
    }
    return rest; // code, literal
  }

  /** The catalogue line of a promise. */
  static String line(Promise p) {
    return p.id() + "\t" + p.sentence();
  }
}
