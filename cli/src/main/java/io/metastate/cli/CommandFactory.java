package io.metastate.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates command objects, handing the run's {@link Io} to those whose constructor takes it. */
final class CommandFactory implements CommandLine.IFactory {
  private final Io io;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(Io io) {
    this.io = io;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> withIo;
    try {
      withIo = type.getDeclaredConstructor(Io.class);
    } catch (NoSuchMethodException e) {
      return fallback.create(type);
    }
    withIo.setAccessible(true);
    return withIo.newInstance(io);
  }
}
