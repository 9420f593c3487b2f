package io.metastate.provider.support;

import io.metastate.lock.LeaseState;
import io.metastate.provider.AbstractLockLease;

/**
 * A lease granted by an {@link AbstractLockService}: the claim that came first in its queue. Releasing it removes the
 * claim through {@link LockDriver#release}; once terminal it leaves the service's table, so the session may ask for
 * the lock again. A provider extends it when its leases need more (a watch on the claim, a fenced-write check) and
 * builds it in {@link AbstractLockService#newLease}.
 *
 * @param <C> the driver's claim type
 */
public class ClaimLease<C> extends AbstractLockLease {
  private final AbstractLockService<C, ?> service;
  private final C claim;

  /** The lease of {@code claim}, first in the queue of {@code name}; its token is the claim's. */
  public ClaimLease(AbstractLockService<C, ?> service, String name, C claim) {
    super(name, service.session(), service.driver().token(claim));
    this.service = service;
    this.claim = claim;
  }

  /** The driver's claim this lease holds the lock with. */
  public final C claim() {
    return claim;
  }

  /** The service that granted it. */
  public final AbstractLockService<C, ?> service() {
    return service;
  }

  @Override
  protected final void doRelease() {
    service.driver().release(this);
  }

  /**
   * For a driver whose release could not tell whether the claim was removed: the lease reads UNCERTAIN and leaves the
   * service's table (the session may ask for the lock again). The driver moves it to RELEASED once the claim is surely
   * gone; if the session ends first, the service ends it as it ends every lease. It is never left HELD with nothing to
   * move it.
   */
  public final void detach() {
    moveTo(LeaseState.UNCERTAIN);
    service.detach(this);
  }

  @Override
  protected final void onTerminal(LeaseState state) {
    service.forget(this);
    ended(state);
  }

  /**
   * Called once, after the lease reached LOST or RELEASED and left the service's table: a provider's lease stops what
   * it runs for itself here (a watch on its claim). It must not block: it may run on the thread of a session
   * transition.
   */
  protected void ended(LeaseState state) {}
}
