package io.metastate.tck.selftest.promises;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.promises.Promise;
import io.metastate.tck.promises.PromiseCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SPI Javadoc and the promise catalogue say the same thing. Checked both ways for the families whose files come
 * with the catalogue: every {@code [ID]} in the Javadoc is in the catalogue with the same sentence, and every
 * catalogue promise is marked in the Javadoc. {@code FAULT} promises are described in the Javadoc later than they are
 * catalogued, so for FAULT only the first direction holds: a FAULT id that appears in the Javadoc must match its
 * catalogue sentence, and a FAULT promise not yet in the Javadoc is allowed.
 *
 * <p>When they disagree, the catalogue the Javadoc implies is written to {@code target/promises-from-javadoc/}, one
 * file per family, ready to replace the resources after review.
 */
class CatalogueAgreesWithJavadocTest {
  private static final Path SPI_SOURCES = Path.of("..", "spi", "src", "main", "java");
  /** Families whose ids may be catalogued before the Javadoc names them. */
  private static final Set<String> CATALOGUED_AHEAD = Set.of("FAULT");

  private static List<JavadocPromises.Marked> marked;
  private static PromiseCatalogue catalogue;

  @BeforeAll
  static void read() {
    assertThat(SPI_SOURCES).as("the spi sources, relative to the tck-selftest module").isDirectory();
    marked = JavadocPromises.scan(SPI_SOURCES);
    catalogue = PromiseCatalogue.load();
  }

  @Test
  @DisplayName("every id in the SPI Javadoc is in the catalogue, with the sentence the Javadoc gives it")
  void javadocToCatalogue() throws IOException {
    List<String> problems = new ArrayList<>();
    for (JavadocPromises.Marked m : marked) {
      Promise p = m.promise();
      catalogue.find(p.id()).ifPresentOrElse(c -> {
        if (!c.sentence().equals(p.sentence())) {
          problems.add(p.id() + " (" + m.file() + ")\n    javadoc:   " + p.sentence() + "\n    catalogue: " + c.sentence());
        }
      }, () -> problems.add(p.id() + " (" + m.file() + ") is not in the catalogue: " + p.sentence()));
    }
    writeImpliedCatalogueIf(!problems.isEmpty());
    assertThat(problems).as("Javadoc promises that disagree with the catalogue").isEmpty();
  }

  @Test
  @DisplayName("every catalogued promise (except FAULT, catalogued ahead) is marked in the SPI Javadoc")
  void catalogueToJavadoc() throws IOException {
    Set<String> inJavadoc = marked.stream().map(m -> m.promise().id()).collect(Collectors.toSet());
    List<String> missing = catalogue.promises().stream()
        .filter(p -> !CATALOGUED_AHEAD.contains(p.family()) && !inJavadoc.contains(p.id()))
        .map(p -> p.id() + "\t" + p.sentence()).toList();
    writeImpliedCatalogueIf(!missing.isEmpty());
    assertThat(missing).as("catalogued promises the SPI Javadoc does not mark").isEmpty();
  }

  @Test
  @DisplayName("each id marks one sentence of the Javadoc, and the ids of a family it owns are numbered without gaps")
  void idsUnique() {
    Map<String, List<String>> where = new TreeMap<>();
    marked.forEach(m -> where.computeIfAbsent(m.promise().id(), k -> new ArrayList<>()).add(m.file()));
    assertThat(where).as("ids marked more than once").allSatisfy((id, files) -> assertThat(files).hasSize(1));
    Map<String, List<Integer>> numbers = new TreeMap<>();
    catalogue.promises().stream().filter(p -> !CATALOGUED_AHEAD.contains(p.family()))
        .forEach(p -> numbers.computeIfAbsent(p.family(), f -> new ArrayList<>()).add(p.number()));
    numbers.forEach((family, list) -> assertThat(list).as("numbers of %s", family)
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, list.size()).boxed().toList()));
  }

  private static void writeImpliedCatalogueIf(boolean disagree) throws IOException {
    if (!disagree) {
      return;
    }
    Map<String, List<Promise>> byFamily = new LinkedHashMap<>();
    marked.stream().map(JavadocPromises.Marked::promise).sorted()
        .forEach(p -> byFamily.computeIfAbsent(p.family(), f -> new ArrayList<>()).add(p));
    Path dir = Path.of("target", "promises-from-javadoc");
    Files.createDirectories(dir);
    for (Map.Entry<String, List<Promise>> e : byFamily.entrySet()) {
      String text = e.getValue().stream().map(JavadocPromises::line).collect(Collectors.joining("\n", "", "\n"));
      Files.writeString(dir.resolve(e.getKey() + ".tsv"), text, StandardCharsets.UTF_8);
    }
  }
}
