package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.recipes.fenced.Fence;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.tck.Contract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Key locks where they must stay safe: fences after the space is re-created. */
public abstract class KeyLockSafetyContract extends Contract {

  @Test
  @DisplayName("a grant is fenced by its own node, not its name: once the space is deleted and re-created, a stale grant's"
      + " write is rejected and applies nothing, even where another session's request took the same name")
  void fenceAfterSpaceRecreated() {
    List<CoordinationClient> c = kit.open(2);
    String name = kit.lock("space");
    String space = "/metastate/keylocks/" + name;
    String data = kit.path("data");
    c.get(0).state().create(data, "v0".getBytes(), CreateMode.PERSISTENT);
    KeyLease stale = KeyLockSpace.open(c.get(0), name).tryLock("k", LockMode.WRITE).orElseThrow();
    // An operator deletes the whole space; the next client re-creates it, and sequence names start over.
    c.get(1).state().deleteRecursive(space);
    KeyLease fresh = KeyLockSpace.open(c.get(1), name).tryLock("k", LockMode.WRITE).orElseThrow();
    // The stale holder may not have heard of the deletion yet: its fence, as it still believes in it.
    Fence believed = new Fence() {
      @Override
      public String fenceName() {
        return stale.fenceName();
      }

      @Override
      public FencingToken token() {
        return stale.token();
      }

      @Override
      public boolean isValid() {
        return true;
      }

      @Override
      public List<Op> guardOps() {
        return stale.guardOps();
      }
    };
    assertThatThrownBy(() -> FencedWriter.of(c.get(0).state(), believed).set(data, "stale".getBytes(),
        MetaStateService.ANY_VERSION)).as("a write fenced by the grant whose node was deleted")
        .isInstanceOf(LeaseLostException.class);
    assertThat(c.get(1).state().get(data).orElseThrow().dataAsString()).isEqualTo("v0");
    FencedWriter.of(c.get(1).state(), fresh).set(data, "fresh".getBytes(), MetaStateService.ANY_VERSION);
    assertThat(c.get(1).state().get(data).orElseThrow().dataAsString()).isEqualTo("fresh");
    // The holder itself finds out, although a node of the same name may be in line again.
    kit.await().alias("the stale grant reads LOST").until(() -> stale.state() == LeaseState.LOST);
    assertThat(fresh.isHeld()).isTrue();
  }
}
