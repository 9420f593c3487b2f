package io.metastate.samples.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.session.SessionState;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleAppTest {
  private static final Pattern REPORT = Pattern.compile("worker-\\d wrote this under fencing token (\\d+)");

  @TempDir
  Path dir;

  @AfterEach
  void clearDir() {
    System.clearProperty(SampleConfig.LOCALFILE_DIR);
  }

  @Test
  void runsTheLockedJobInTurnAndClosesTheSession() {
    System.setProperty(SampleConfig.LOCALFILE_DIR, dir.toString());
    SampleApp.Outcome outcome;
    try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
      outcome = container.select(SampleApp.class).get().run();
    }

    assertThat(outcome.session().state()).isEqualTo(SessionState.CLOSED);
    assertThat(outcome.reports()).hasSize(3).allMatch(r -> REPORT.matcher(r).matches());
    long newest = outcome.reports().stream().mapToLong(SampleAppTest::token).max().orElseThrow();
    assertThat(outcome.reports().stream().mapToLong(SampleAppTest::token).distinct().count()).isEqualTo(3);
    try (CoordinationClient client = MetaState.open(MetaStateConfig.of(Map.of(
        "metastate.provider", "localfile", SampleConfig.LOCALFILE_DIR, dir.toString())))) {
      assertThat(client.state().get(SampleApp.GREETING).orElseThrow().dataAsString()).startsWith("hello from CDI");
      String last = client.state().get(NightlyReport.REPORT).orElseThrow().dataAsString();
      assertThat(token(last)).as("the last writer held the newest token").isEqualTo(newest);
      assertThat(client.locks().query(NightlyReport.LOCK)).isEmpty();
    }
  }

  private static long token(String report) {
    Matcher m = REPORT.matcher(report);
    assertThat(m.matches()).as(report).isTrue();
    return Long.parseLong(m.group(1));
  }
}
