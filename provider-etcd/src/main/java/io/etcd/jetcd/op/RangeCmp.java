package io.etcd.jetcd.op;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.api.Compare;

/**
 * A compare over every key in {@code [key, rangeEnd)} (etcd 3.3+ {@code Compare.range_end}), which jetcd's
 * {@link Cmp} does not expose. The metastate etcd provider uses it so that a lock's tryAcquire can claim "only if
 * nobody else has a claim" in one Txn, without a transient claim that others could mistake for a holder. Not part of
 * metastate's API.
 *
 * <p>Why here: no public jetcd API (0.8) serves. {@link Cmp} and {@link CmpTarget} carry no range end, and
 * {@code Txn.If} takes only {@code Cmp}s, which {@code TxnImpl} turns into gRPC {@code Compare}s through the
 * package-private {@code Cmp.toCompare}; the only other way is the raw gRPC stub, which would bypass jetcd's
 * connection handling, retries and auth. So this class lives in jetcd's package and overrides {@code toCompare}.
 * {@code RangeCmpGuardTest} fails if a jetcd upgrade stops routing through that method.
 */
public final class RangeCmp extends Cmp {
  private final ByteString rangeEnd;

  /** Compares {@code target} against every key in {@code [key, rangeEnd)}; true for an empty range's zero values. */
  public RangeCmp(ByteSequence key, ByteSequence rangeEnd, Cmp.Op op, CmpTarget<?> target) {
    super(key, op, target);
    this.rangeEnd = ByteString.copyFrom(rangeEnd.getBytes());
  }

  @Override
  Compare toCompare(ByteSequence namespace) {
    Compare c = super.toCompare(namespace);
    if (namespace != null && !namespace.isEmpty()) {
      throw new IllegalStateException("RangeCmp does not support jetcd namespaces; metastate prefixes keys itself");
    }
    return c.toBuilder().setRangeEnd(rangeEnd).build();
  }
}
