package io.metastate.recipes.rangelock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The implementation's conflict rule and range intersection, checked exhaustively against a brute-force definition
 * written without the implementation: two requests conflict when either writes and some key lies in both ranges.
 * (The kit's {@code IntervalModel} checks the same rule on whole lock spaces; recipes cannot depend on the kit.)
 */
class ConflictRulesTest {
  private static final String[] BOUNDS = {"a", "b", "c", "d"};
  /** Keys around every bound, so that any shared key of two ranges over BOUNDS is among them. */
  private static final String[] PROBES = {"", "0", "a", "a\0", "a5", "b", "b\0", "b5", "c", "c\0", "c5", "d", "d\0",
      "z"};

  private static List<String[]> ranges() {
    List<String[]> out = new ArrayList<>();
    List<String> froms = new ArrayList<>(List.of(BOUNDS));
    froms.add(null);
    for (String from : froms) {
      for (String to : froms) {
        if (from == null || to == null || from.compareTo(to) < 0) {
          out.add(new String[] {from, to});
        }
      }
      if (from != null) {
        out.add(new String[] {from, from + '\0'});
      }
    }
    return out;
  }

  @Test
  @DisplayName("two requests conflict exactly when the model says so, for every pair of ranges and modes")
  void conflictsMatchModel() {
    int checked = 0;
    int conflicts = 0;
    for (String[] r1 : ranges()) {
      for (String[] r2 : ranges()) {
        for (LockMode m1 : LockMode.values()) {
          for (LockMode m2 : LockMode.values()) {
            Request a = new Request("r-1", "/x/r-1", new KeyRange(r1[0], r1[1]), m1, "o", 1, 1, "");
            Request b = new Request("r-2", "/x/r-2", new KeyRange(r2[0], r2[1]), m2, "o", 2, 2, "");
            boolean expected = (m1 == LockMode.WRITE || m2 == LockMode.WRITE) && shareAKey(r1, r2);
            assertThat(a.conflictsWith(b)).as(a + " vs " + b).isEqualTo(expected);
            assertThat(b.conflictsWith(a)).as("symmetric: " + b + " vs " + a).isEqualTo(expected);
            checked++;
            conflicts += expected ? 1 : 0;
          }
        }
      }
    }
    assertThat(conflicts).isBetween(checked / 10, checked - checked / 10);
  }

  @Test
  @DisplayName("ranges intersect exactly when some key lies in both")
  void intersectionIsSharedKey() {
    for (String[] r1 : ranges()) {
      for (String[] r2 : ranges()) {
        assertThat(new KeyRange(r1[0], r1[1]).intersects(new KeyRange(r2[0], r2[1])))
            .as(Arrays.toString(r1) + " and " + Arrays.toString(r2)).isEqualTo(shareAKey(r1, r2));
      }
    }
  }

  /** The definition, by brute force: some probe key lies in both ranges ({@code [from, to)}, null = unbounded). */
  private static boolean shareAKey(String[] r1, String[] r2) {
    for (String key : PROBES) {
      if (inRange(key, r1) && inRange(key, r2)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inRange(String key, String[] r) {
    return (r[0] == null || key.compareTo(r[0]) >= 0) && (r[1] == null || key.compareTo(r[1]) < 0);
  }

  @Test
  @DisplayName("READ shares with READ only")
  void modes() {
    assertThat(LockMode.READ.conflictsWith(LockMode.READ)).isFalse();
    assertThat(LockMode.READ.conflictsWith(LockMode.WRITE)).isTrue();
    assertThat(LockMode.WRITE.conflictsWith(LockMode.READ)).isTrue();
    assertThat(LockMode.WRITE.conflictsWith(LockMode.WRITE)).isTrue();
  }
}
