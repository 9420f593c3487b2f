package io.metastate.tck.promises;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One promise of the SPI: an id ({@code LOCK-7}) and the Javadoc sentence it names.
 *
 * @param id the family, a dash and a number
 * @param sentence the sentence, as the SPI Javadoc states it (markup reduced to text)
 */
public record Promise(String id, String sentence) implements Comparable<Promise> {
  /** What an id looks like: an upper-case family, a dash, a positive number. */
  public static final Pattern ID = Pattern.compile("([A-Z]+)-([1-9][0-9]*)");

  public Promise {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("promise id must look like LOCK-7, was '" + id + "'");
    }
    if (sentence == null || sentence.isBlank()) {
      throw new IllegalArgumentException("promise " + id + " has no sentence");
    }
  }

  /** The family: the part of the id before the dash ({@code LOCK}). */
  public String family() {
    return id.substring(0, id.indexOf('-'));
  }

  /** The number after the dash. */
  public int number() {
    return Integer.parseInt(id.substring(id.indexOf('-') + 1));
  }

  /** By family in {@link PromiseCatalogue#FAMILIES} order (unknown families last, by name), then by number. */
  @Override
  public int compareTo(Promise other) {
    int byFamily = Integer.compare(PromiseCatalogue.familyRank(family()), PromiseCatalogue.familyRank(other.family()));
    if (byFamily != 0) {
      return byFamily;
    }
    int byName = family().compareTo(other.family());
    return byName != 0 ? byName : Integer.compare(number(), other.number());
  }
}
