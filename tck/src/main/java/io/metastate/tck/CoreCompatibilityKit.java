package io.metastate.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The kit's core, sessions, locks and watches: the groups {@link CoordinationCompatibilityKit} starts from. A
 * provider's test extends this one alone where it runs the kit a second time against the same provider on another
 * kind of server (a container, say) and the whole kit would cost more than it adds; its main compatibility test
 * extends {@link CoordinationCompatibilityKit}, which runs these groups too.
 *
 * <pre>{@code
 * class EtcdTestcontainersCompatibilityTest extends CoreCompatibilityKit {
 *   @Override
 *   protected ProviderFixture fixture() {
 *     return new EtcdBackendFixture();  // etcd in a container
 *   }
 * }
 * }</pre>
 */
public abstract class CoreCompatibilityKit extends CompatibilityKit {
  @Nested
  @DisplayName("Sessions")
  class Sessions extends SessionContract {}

  @Nested
  @DisplayName("Locks")
  class Locks extends LockContract {}

  @Nested
  @DisplayName("Watches")
  class Watches extends WatchContract {}
}
