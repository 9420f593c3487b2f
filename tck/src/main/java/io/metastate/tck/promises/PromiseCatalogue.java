package io.metastate.tck.promises;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every promise the SPI makes, by id, with its sentence: the kit's list of what a provider must honour.
 *
 * <p>Kept as one resource per family, {@code io/metastate/tck/promises/<FAMILY>.tsv}, one promise a line:
 * {@code ID<TAB>sentence}; blank lines and lines starting with {@code #} are ignored. {@link #load()} reads the files
 * of every family in {@link #FAMILIES} that is on the classpath (a family without a file has no promises yet). The
 * SPI Javadoc carries each id after its sentence ({@code [LOCK-7]}); tck-selftest checks that the two agree, and that
 * every promise has a kit test that says {@code @Verifies("LOCK-7")}.
 */
public final class PromiseCatalogue {
  /**
   * The families, in report order. FAULT (wire faults, clock, timeouts) is kept in a file of its own, like the rest.
   */
  public static final List<String> FAMILIES = List.of(
      "SESSION", "LOCK", "LEASE", "STATE", "OP", "WATCH", "ASYNC", "LIMIT", "ERROR", "CONFIG", "FAULT");

  private static final String RESOURCE_DIR = "io/metastate/tck/promises/";

  private final Map<String, Promise> byId;

  private PromiseCatalogue(Collection<Promise> promises) {
    List<Promise> ordered = new ArrayList<>(promises);
    Collections.sort(ordered);
    Map<String, Promise> map = new LinkedHashMap<>();
    for (Promise p : ordered) {
      Promise previous = map.putIfAbsent(p.id(), p);
      if (previous != null) {
        throw new IllegalArgumentException("promise " + p.id() + " is listed twice");
      }
    }
    this.byId = Collections.unmodifiableMap(map);
  }

  /** A catalogue of exactly these promises (tests use it for synthetic catalogues). */
  public static PromiseCatalogue of(Collection<Promise> promises) {
    return new PromiseCatalogue(promises);
  }

  /** The catalogue on the kit's classpath. */
  public static PromiseCatalogue load() {
    return load(PromiseCatalogue.class.getClassLoader());
  }

  /**
   * The catalogue of every family file {@code loader} finds.
   *
   * @throws IllegalStateException if a file is malformed (naming the file and line) or no family file is found
   */
  public static PromiseCatalogue load(ClassLoader loader) {
    List<Promise> all = new ArrayList<>();
    boolean found = false;
    for (String family : FAMILIES) {
      String resource = RESOURCE_DIR + family + ".tsv";
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        found = true;
        all.addAll(parse(family, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the promise catalogue file " + resource, e);
      }
    }
    if (!found) {
      throw new IllegalStateException("no promise catalogue on the classpath: expected " + RESOURCE_DIR
          + "<FAMILY>.tsv for the families " + FAMILIES);
    }
    return new PromiseCatalogue(all);
  }

  /** Parses one family file; every id must belong to {@code family}. */
  public static List<Promise> parse(String family, String source, String text) {
    List<Promise> out = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalStateException(source + ":" + (i + 1) + ": expected ID<TAB>sentence, was '" + line + "'");
      }
      Promise p;
      try {
        p = new Promise(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      if (!p.family().equals(family)) {
        throw new IllegalStateException(source + ":" + (i + 1) + ": " + p.id() + " does not belong in " + family);
      }
      out.add(p);
    }
    return out;
  }

  /** Every promise, by family in {@link #FAMILIES} order, then by number. */
  public List<Promise> promises() {
    return List.copyOf(byId.values());
  }

  /** The promise with this id. */
  public Optional<Promise> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Whether the catalogue has this id. */
  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** The number of promises. */
  public int size() {
    return byId.size();
  }

  /** How many promises each family has, in {@link #FAMILIES} order. */
  public Map<String, Integer> countByFamily() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    byId.values().forEach(p -> counts.merge(p.family(), 1, Integer::sum));
    return counts;
  }

  static int familyRank(String family) {
    int i = FAMILIES.indexOf(family);
    return i < 0 ? FAMILIES.size() : i;
  }
}
