package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.RangeCmp;
import io.etcd.jetcd.op.TxnImpl;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link RangeCmp}, which overrides the package-private {@code Cmp.toCompare} that jetcd's Txn calls to build
 * each gRPC {@code Compare}: if a jetcd upgrade stops routing through that method (or renames it), the range end is
 * silently dropped and the lock's "claim only if nobody has a claim" compare shrinks to one key. These tests fail
 * then, before any lock does.
 */
@DisplayName("RangeCmp (jetcd's package)")
class RangeCmpGuardTest {
  private static final ByteSequence PREFIX = Keyspace.bytes("guard/lock/");
  private static final ByteSequence END = Keyspace.prefixEnd("guard/lock/");

  private static RangeCmp noClaimIn(ByteSequence prefix, ByteSequence end) {
    return new RangeCmp(prefix, end, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
  }

  @Test
  @DisplayName("jetcd's Txn puts its range end into the gRPC Compare it sends")
  void txnCarriesTheRangeEnd() {
    AtomicReference<TxnRequest> sent = new AtomicReference<>();
    TxnImpl.newTxn(request -> {
      sent.set(request);
      return new CompletableFuture<>(); // nothing is sent anywhere: only the request is looked at
    }, ByteSequence.EMPTY).If(noClaimIn(PREFIX, END)).commit();

    Compare compare = sent.get().getCompare(0);
    assertThat(compare.getKey().toByteArray()).isEqualTo(PREFIX.getBytes());
    assertThat(compare.getRangeEnd().toByteArray()).as("range_end").isEqualTo(END.getBytes());
    assertThat(compare.getTarget()).isEqualTo(Compare.CompareTarget.CREATE);
    assertThat(compare.getResult()).isEqualTo(Compare.CompareResult.EQUAL);
    assertThat(compare.getCreateRevision()).isZero();
  }

  @Test
  @DisplayName("through a real client, it compares every key of the range: a key inside makes it false")
  void etcdComparesTheRange() throws Exception {
    try (EtcdCluster etcd = EtcdServers.start();
        Client client = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build()) {
      assertThat(commit(client, noClaimIn(PREFIX, END)).isSucceeded()).as("empty range").isTrue();
      client.getKVClient().put(Keyspace.bytes("guard/lock/claim-1"), Keyspace.bytes("x")).get(10, TimeUnit.SECONDS);
      // The prefix key itself does not exist: a compare without its range end would still be true.
      assertThat(commit(client, noClaimIn(PREFIX, END)).isSucceeded()).as("a key inside the range").isFalse();
    }
  }

  private static TxnResponse commit(Client client, Cmp cmp) throws Exception {
    return client.getKVClient().txn().If(cmp).commit().get(10, TimeUnit.SECONDS);
  }
}
