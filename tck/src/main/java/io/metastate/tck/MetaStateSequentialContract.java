package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Meta-state, sequential nodes: names from a per-parent counter that never repeats. */
public abstract class MetaStateSequentialContract extends Contract {
  @Test
  @DisplayName("get a 10-digit zero-padded suffix that increases under one parent, across modes and deletes")
  @Verifies({"STATE-22", "STATE-6"})
  void suffixes() {
    MetaStateService s = kit.open().state();
    s.create(kit.path("q"), bytes(""), CreateMode.PERSISTENT);
    List<String> created = new ArrayList<>();
    CreateMode[] modes = {CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL,
        CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL};
    for (CreateMode mode : modes) {
      String p = s.create(kit.path("q/item-"), bytes(mode.name()), mode);
      assertThat(p).matches(java.util.regex.Pattern.quote(kit.path("q/item-")) + "\\d{10}");
      assertThat(s.get(p).orElseThrow().dataAsString()).isEqualTo(mode.name());
      assertThat(s.get(p).orElseThrow().stat().isEphemeral()).isEqualTo(mode.isEphemeral());
      created.add(p);
      s.delete(p, MetaStateService.ANY_VERSION);
    }
    String last = s.create(kit.path("q/item-"), bytes("x"), CreateMode.PERSISTENT_SEQUENTIAL);
    created.add(last);
    assertThat(created).isSorted().doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("created concurrently by several clients, all get distinct names that sort in creation order")
  @Verifies("STATE-22")
  void concurrent() {
    List<CoordinationClient> clients = kit.open(3);
    String parent = kit.path("q");
    clients.get(0).state().create(parent, bytes(""), CreateMode.PERSISTENT);
    List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    clients.parallelStream().forEach(c -> {
      String previous = "";
      for (int i = 0; i < 10; i++) {
        String p = c.state().create(parent + "/s-", bytes(""), CreateMode.PERSISTENT_SEQUENTIAL);
        assertThat(p).isGreaterThan(previous);
        previous = p;
        all.add(p);
      }
    });
    assertThat(all).doesNotHaveDuplicates().hasSize(30);
    assertThat(clients.get(0).state().children(parent)).hasSize(30).isSorted();
  }
}
