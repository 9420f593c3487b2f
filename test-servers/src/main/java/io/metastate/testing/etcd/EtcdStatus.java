package io.metastate.testing.etcd;

import io.metastate.testing.TestTiming;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Health and leader queries over etcd's HTTP gateway ({@code /health}, {@code /v3/maintenance/status}). */
final class EtcdStatus {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final Pattern MEMBER = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");
  private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");

  private EtcdStatus() {}

  static boolean healthy(String endpoint) {
    return call(HttpRequest.newBuilder(URI.create(endpoint + "/health")).GET())
        .map(body -> body.contains("\"health\":\"true\"")).orElse(false);
  }

  static void awaitHealthy(String endpoint) {
    poll().alias("etcd at " + endpoint + " healthy").until(() -> healthy(endpoint));
  }

  /** {@code [memberId, leaderId]} as reported by one member, if it answers and knows a leader. */
  static Optional<String[]> status(String endpoint) {
    return call(HttpRequest.newBuilder(URI.create(endpoint + "/v3/maintenance/status"))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))).flatMap(body -> {
          Matcher m = MEMBER.matcher(body);
          Matcher l = LEADER.matcher(body);
          if (m.find() && l.find() && !"0".equals(l.group(1))) {
            return Optional.of(new String[] {m.group(1), l.group(1)});
          }
          return Optional.empty();
        });
  }

  /** Waits until a running member reports a leader that is itself a running member; returns its index. */
  static int leaderIndex(List<String> endpoints, IntPredicate running) {
    return poll().alias("an etcd leader among " + endpoints)
        .until(() -> runningLeader(endpoints, running), OptionalInt::isPresent).getAsInt();
  }

  private static OptionalInt runningLeader(List<String> endpoints, IntPredicate running) {
    String[] ids = new String[endpoints.size()];
    String leader = null;
    for (int i = 0; i < endpoints.size(); i++) {
      if (!running.test(i)) {
        continue;
      }
      Optional<String[]> s = status(endpoints.get(i));
      if (s.isPresent()) {
        ids[i] = s.get()[0];
        leader = leader == null ? s.get()[1] : leader;
      }
    }
    for (int i = 0; i < ids.length; i++) {
      if (leader != null && leader.equals(ids[i])) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** Polling a process we just started: there is nothing to be notified by. */
  private static ConditionFactory poll() {
    return Awaitility.await().atMost(TestTiming.seconds(30)).pollInterval(Duration.ofMillis(50));
  }

  private static Optional<String> call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return Optional.of(r.body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking etcd at " + request, e);
    }
  }
}
