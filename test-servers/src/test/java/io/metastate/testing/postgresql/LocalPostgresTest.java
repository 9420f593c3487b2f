package io.metastate.testing.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.ListeningSockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server starts on loopback, keeps its data across a crash restart, and its fault hooks act. */
class LocalPostgresTest {
  private static LocalPostgres pg;

  @BeforeAll
  static void start() {
    pg = LocalPostgres.start();
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  private static String sql(String statement) {
    return ServerUser.run(PostgresBinaries.binDir().resolve("psql").toString(), "-X", "-q", "-A", "-t",
        "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", LocalPostgres.USER, "-d", LocalPostgres.DATABASE,
        "-c", statement);
  }

  @Test
  void listensOnLoopbackOnlyAndNotAsRoot() {
    assertThat(ListeningSockets.of(pg.pid())).isNotEmpty().allMatch(ListeningSockets::isLoopbackV4);
    assertThat(sql("SELECT current_setting('data_directory') IS NOT NULL")).isEqualTo("t");
    assertThat(ProcessHandle.of(pg.pid()).orElseThrow().info().user().orElse("?")).isNotEqualTo("root");
  }

  @Test
  void aCommittedRowSurvivesACrashRestartOnTheSamePort() {
    sql("CREATE TABLE survive(v int); INSERT INTO survive VALUES (42)");
    long before = pg.pid();
    int port = pg.port();
    pg.restart();
    assertThat(pg.pid()).isNotEqualTo(before);
    assertThat(pg.port()).isEqualTo(port);
    assertThat(sql("SELECT v FROM survive")).isEqualTo("42");
  }

  @Test
  void pauseFreezesEveryProcessAndResumeThaws() {
    pg.pause();
    try {
      assertThat(ProcessHandle.of(pg.pid()).orElseThrow().descendants()).isNotEmpty();
      assertThat(state(pg.pid())).isEqualTo("T");
      pg.serverPids().forEach(p -> assertThat(state(p)).as("process %d", p).isEqualTo("T"));
    } finally {
      pg.resume();
    }
    assertThat(sql("SELECT 1")).isEqualTo("1");
  }

  @Test
  void terminatingClientConnectionsEndsAnIdleSession() throws Exception {
    Process idle = new ProcessBuilder(PostgresBinaries.binDir().resolve("psql").toString(), "-X", "-q",
        "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", LocalPostgres.USER, "-d", LocalPostgres.DATABASE)
        .redirectErrorStream(true).start(); // waits on stdin: an idle client session
    try {
      org.awaitility.Awaitility.await().until(() -> pg.terminateClientConnections() >= 1);
      idle.getOutputStream().write("SELECT 1;\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      idle.getOutputStream().close(); // psql exits at the end of its input
      String output = new String(idle.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(output).containsAnyOf("terminat", "connection");
    } finally {
      idle.destroyForcibly();
    }
  }

  private static String state(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (java.io.IOException gone) {
      return "T"; // exited meanwhile: nothing of it runs
    }
  }
}
