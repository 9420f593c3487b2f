package io.metastate.localfile;

import io.metastate.error.ConfigurationException;
import io.metastate.error.StoreInUseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The OS lock that makes one process the owner of a store directory. The lock file records the holder (pid, host,
 * since when) so that a second process can say who is in the way. The OS drops the lock when the holder dies, even
 * by kill -9, so a crashed owner never blocks the next one.
 */
final class DirectoryLock implements AutoCloseable {
  static final String FILE = "metastate.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory) {
    Path file = directory.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | SecurityException e) {
      throw new ConfigurationException("cannot create the lock file " + file + " (" + e
          + "): make the directory writable by this process or set " + LocalFileCoordination.DIR_KEY
          + " to one that is", e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(directory, file, channel, null);
      }
      String holder = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since=" + Instant.now()
          + System.lineSeparator();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new DirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      throw inUse(directory, file, channel, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ConfigurationException("cannot lock " + file + " (" + e + "): the directory's file system must "
          + "support file locks; set " + LocalFileCoordination.DIR_KEY + " to a local directory", e);
    }
  }

  private static StoreInUseException inUse(Path directory, Path file, FileChannel channel, Throwable cause) {
    closeQuietly(channel);
    String holder;
    try {
      holder = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      holder = "unknown (" + e + ")";
    }
    if (holder.isEmpty()) {
      holder = "unknown";
    }
    return new StoreInUseException("local-file store " + directory + " is in use by another process (" + holder
        + "); only one process may own a store: stop that process, or set " + LocalFileCoordination.DIR_KEY
        + " to another directory", cause);
  }

  static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
    }
    return host;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held yet
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
