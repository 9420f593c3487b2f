package io.metastate.tck.selftest.promises;

import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The coverage gate: every promise of the catalogue has at least one kit test that names it with
 * {@code @Verifies}, so a new promise cannot land untested. The only exceptions are listed, with a reason, in
 * {@code promises-awaiting-tests.txt}, and leave that list as soon as they have a test.
 */
final class CoverageGate {
  private CoverageGate() {}

  /** The promises no test names, except those awaiting a test elsewhere. */
  static List<Promise> untested(PromiseCatalogue catalogue, Map<String, List<String>> testsByPromise,
      Set<String> awaiting) {
    return catalogue.promises().stream()
        .filter(p -> testsByPromise.getOrDefault(p.id(), List.of()).isEmpty() && !awaiting.contains(p.id()))
        .toList();
  }

  /**
   * Throws if a promise has no test.
   *
   * @throws AssertionError listing every untested promise with its sentence
   */
  static void check(PromiseCatalogue catalogue, Map<String, List<String>> testsByPromise, Set<String> awaiting) {
    List<Promise> untested = untested(catalogue, testsByPromise, awaiting);
    if (!untested.isEmpty()) {
      throw new AssertionError(untested.size() + " promise(s) of the catalogue have no kit test that says"
          + " @Verifies(\"<id>\"):\n" + untested.stream().map(p -> "  " + p.id() + "\t" + p.sentence())
          .collect(Collectors.joining("\n")));
    }
  }

  /** The ids in {@code promises-awaiting-tests.txt}. */
  static Set<String> awaiting() {
    try (InputStream in = CoverageGate.class.getClassLoader().getResourceAsStream("promises-awaiting-tests.txt")) {
      if (in == null) {
        return Set.of();
      }
      Set<String> ids = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          ids.add(line.split("\t", 2)[0].strip());
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
