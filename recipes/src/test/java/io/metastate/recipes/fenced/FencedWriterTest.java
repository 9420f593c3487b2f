package io.metastate.recipes.fenced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.SessionExpiredException;
import io.metastate.error.TransactionFailedException;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.lock.LockLease;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.testing.LocalClients;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencedWriterTest {
  @TempDir
  Path dir;
  private LocalClients clients;
  private CoordinationClient a;
  private CoordinationClient b;

  @BeforeEach
  void open() {
    clients = new LocalClients(dir);
    a = clients.open();
    b = clients.open();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("while the lease holds, writes apply and results leave out the guard")
  void writesWhileHeld() {
    LockLease lease = a.locks().tryAcquire("job").orElseThrow();
    FencedWriter writer = FencedWriter.of(a.state(), lease);
    writer.create("/jobs", bytes(""), CreateMode.PERSISTENT);
    String seq = writer.create("/jobs/run-", bytes("1"), CreateMode.PERSISTENT_SEQUENTIAL);
    assertThat(seq).isEqualTo("/jobs/run-" + CreateMode.sequenceSuffix(0)).isNotEqualTo("/jobs/run-");
    assertThat(writer.set(seq, bytes("2"), 0).version()).isEqualTo(1);
    List<OpResult> results = writer.multi(List.of(Op.set(seq, bytes("3"), 1), Op.create("/jobs/x", null,
        CreateMode.PERSISTENT)));
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isInstanceOf(OpResult.Updated.class);
    writer.delete("/jobs/x", MetaStateService.ANY_VERSION);
    assertThat(a.state().get(seq).orElseThrow().dataAsString()).isEqualTo("3");
    assertThat(a.state().exists("/jobs/x")).isEmpty();
  }

  @Test
  @DisplayName("a failing operation is reported at its index among the caller's operations, and nothing applies")
  void ownFailure() {
    LockLease lease = a.locks().tryAcquire("job").orElseThrow();
    FencedWriter writer = FencedWriter.of(a.state(), lease);
    a.state().create("/v", bytes("0"), CreateMode.PERSISTENT);
    assertThatThrownBy(() -> writer.multi(List.of(Op.create("/w", null, CreateMode.PERSISTENT),
        Op.set("/v", bytes("1"), 7))))
        .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
          assertThat(e.failedOpIndex()).isEqualTo(1);
          assertThat(e.reason()).isInstanceOf(BadVersionException.class);
        });
    assertThat(a.state().exists("/w")).isEmpty();
    assertThatThrownBy(() -> writer.multi(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("after a force-release and a new grant, the old holder's writes are rejected with LeaseLostException")
  void forceReleased() {
    a.state().create("/v", bytes("a1"), CreateMode.PERSISTENT);
    LockLease old = a.locks().tryAcquire("job").orElseThrow();
    FencedWriter stale = FencedWriter.of(a.state(), old);
    stale.set("/v", bytes("a2"), MetaStateService.ANY_VERSION);
    assertThat(b.locks().forceRelease("job")).isTrue();
    LockLease fresh = b.locks().acquire("job", Duration.ofSeconds(5)).orElseThrow();
    FencedWriter.of(b.state(), fresh).set("/v", bytes("b1"), MetaStateService.ANY_VERSION);
    assertThatThrownBy(() -> stale.set("/v", bytes("a3"), MetaStateService.ANY_VERSION))
        .isInstanceOfSatisfying(LeaseLostException.class, e -> assertThat(e.lockName()).isEqualTo("job"));
    assertThat(a.state().get("/v").orElseThrow().dataAsString()).isEqualTo("b1");
  }

  @Test
  @DisplayName("paused leader: after its session expires and a new leader is elected, every write of the old is rejected")
  void pausedLeader() throws InterruptedException {
    a.state().create("/shared", bytes("init"), CreateMode.PERSISTENT);
    LeaderCandidate ca = LeaderCandidate.builder(a, "e").start();
    Leadership old = ca.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
    LeaderCandidate cb = LeaderCandidate.builder(b, "e").start();

    List<long[]> accepted = new CopyOnWriteArrayList<>(); // {start, end}
    List<Long> rejectedStarts = new CopyOnWriteArrayList<>();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    FencedWriter oldWriter = FencedWriter.of(a.state(), old);
    Thread paused = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        long start = System.nanoTime();
        try {
          oldWriter.set("/shared", bytes("old-" + i), MetaStateService.ANY_VERSION);
          accepted.add(new long[] {start, System.nanoTime()});
        } catch (LeaseLostException | SessionExpiredException e) {
          rejectedStarts.add(start);
        } catch (RuntimeException e) {
          unexpected.add(e);
        }
      }
    });
    paused.start();
    try {
      LocalClients.await().until(() -> accepted.size() >= 3);
      LocalFileTesting.expireSession(a);
      Leadership fresh = cb.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
      long electedAt = System.nanoTime();
      FencedWriter.of(b.state(), fresh).set("/shared", bytes("new"), MetaStateService.ANY_VERSION);
      LocalClients.await().until(() -> rejectedStarts.stream().filter(s -> s > electedAt).count() >= 20);
      stop.set(true);
      paused.join();
      assertThat(unexpected).isEmpty();
      assertThat(accepted).as("no write of the old leader that started after the election was applied")
          .noneMatch(w -> w[0] > electedAt);
      assertThat(fresh.token()).isGreaterThan(old.token());
      assertThat(b.state().get("/shared").orElseThrow().dataAsString()).isEqualTo("new");
    } finally {
      stop.set(true);
      paused.join();
    }
  }

  @Test
  @DisplayName("a released lease refuses writes before sending anything")
  void releasedLease() {
    LockLease lease = a.locks().tryAcquire("job").orElseThrow();
    FencedWriter writer = FencedWriter.of(a.state(), lease);
    lease.release();
    assertThatThrownBy(() -> writer.create("/x", null, CreateMode.PERSISTENT)).isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("job");
    assertThat(a.state().exists("/x")).isEmpty();
  }
}
