package io.metastate.tck.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromiseCatalogueTest {
  @Test
  void loadsEveryFamilyOnTheClasspathInOrder() {
    PromiseCatalogue catalogue = PromiseCatalogue.load();
    assertThat(catalogue.size()).isGreaterThan(100);
    assertThat(catalogue.promises().get(0).id()).isEqualTo("SESSION-1");
    assertThat(catalogue.find("LOCK-1")).hasValueSatisfying(p -> assertThat(p.sentence()).contains("one session"));
    assertThat(catalogue.countByFamily().keySet()).startsWith("SESSION", "LOCK", "LEASE");
  }

  @Test
  void parsesLinesAndRejectsMalformedOnes() {
    assertThat(PromiseCatalogue.parse("FAULT", "FAULT.tsv", "# comment\n\nFAULT-2\tSecond.\nFAULT-1\tFirst.\n"))
        .extracting(Promise::id).containsExactly("FAULT-2", "FAULT-1");
    assertThatThrownBy(() -> PromiseCatalogue.parse("LOCK", "LOCK.tsv", "LOCK-1 no tab"))
        .hasMessageContaining("LOCK.tsv:1");
    assertThatThrownBy(() -> PromiseCatalogue.parse("LOCK", "LOCK.tsv", "LEASE-1\tWrong family."))
        .hasMessageContaining("does not belong in LOCK");
    assertThatThrownBy(() -> PromiseCatalogue.of(List.of(new Promise("LOCK-1", "a"), new Promise("LOCK-1", "b"))))
        .hasMessageContaining("twice");
    assertThat(PromiseCatalogue.of(List.of(new Promise("LOCK-10", "x"), new Promise("LOCK-9", "y"),
        new Promise("SESSION-3", "z"))).promises()).extracting(Promise::id)
        .containsExactly("SESSION-3", "LOCK-9", "LOCK-10");
  }
}
