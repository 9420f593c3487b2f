package io.metastate.testing.junit;

import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.util.Map;

/** The local-file provider in a fresh temporary directory, deleted on close: nothing runs, so nothing to fault. */
final class LocalFileBackend implements RunningBackend {
  private final Path dir;

  private LocalFileBackend(Path dir) {
    this.dir = dir;
  }

  static LocalFileBackend start() {
    return new LocalFileBackend(Loopback.tempDir("metastate-localfile-"));
  }

  @Override
  public BackendMode mode() {
    return BackendMode.LOCAL_FILE;
  }

  @Override
  public String description() {
    return "local file store in " + dir;
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("metastate.provider", "localfile", "metastate.localfile.dir", dir.toString());
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public void pause(int member) {
    throw RunningBackend.noFaults(mode(), "pause");
  }

  @Override
  public void resume(int member) {
    throw RunningBackend.noFaults(mode(), "resume");
  }

  @Override
  public void kill(int member) {
    throw RunningBackend.noFaults(mode(), "kill");
  }

  @Override
  public void restart(int member) {
    throw RunningBackend.noFaults(mode(), "restart");
  }

  @Override
  public boolean isRunning(int member) {
    return true;
  }

  @Override
  public void close() {
    Loopback.deleteTree(dir);
  }
}
