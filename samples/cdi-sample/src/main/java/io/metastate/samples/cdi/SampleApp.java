package io.metastate.samples.cdi;

import io.metastate.CoordinationClient;
import io.metastate.session.Session;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Writes and reads meta-state, then runs the locked job from three threads at once. */
@ApplicationScoped
public class SampleApp {
  static final String GREETING = "/sample/greeting";

  @Inject
  CoordinationClient client;

  @Inject
  MetaStateService state;

  @Inject
  NightlyReport report;

  /**
   * What the run leaves behind.
   *
   * @param session the client's session (CLOSED once the container is shut down)
   * @param reports what each worker wrote, in the order the workers were started
   */
  public record Outcome(Session session, List<String> reports) {}

  public Outcome run() {
    Session session = client.session();
    System.out.printf("metastate CDI sample: provider %s, session %x (owner %s)%n", client.providerName(),
        session.id(), session.ownerId());

    byte[] hello = ("hello from CDI, session " + Long.toHexString(session.id())).getBytes(StandardCharsets.UTF_8);
    if (state.exists(GREETING).isPresent()) {
      state.set(GREETING, hello, MetaStateService.ANY_VERSION); // a run before this one left it
    } else {
      state.createWithParents(GREETING, hello, CreateMode.PERSISTENT);
    }
    Node read = state.get(GREETING).orElseThrow();
    System.out.printf("wrote %s, read back \"%s\" (version %d)%n", GREETING, read.dataAsString(),
        read.stat().version());

    System.out.println("three workers run the @Locked job at once; they take turns:");
    ExecutorService workers = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> runs = new ArrayList<>();
      List<String> reports = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String worker = "worker-" + i;
        runs.add(workers.submit(() -> report.run(worker)));
      }
      for (Future<String> run : runs) {
        reports.add(run.get());
      }
      System.out.println(NightlyReport.REPORT + " = \"" + state.get(NightlyReport.REPORT).orElseThrow().dataAsString()
          + "\"");
      return new Outcome(session, List.copyOf(reports));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a worker failed", e.getCause());
    } finally {
      workers.shutdown();
    }
  }
}
