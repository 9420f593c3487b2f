package io.metastate.localfile;

import io.metastate.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the configured directory before anything is written. A missing directory is created when its parent exists
 * (what a user pointing at {@code ./data/metastate} expects); a missing parent is an error, so a typo in the path
 * does not silently grow a tree somewhere unexpected.
 */
final class StoreDirectory {
  private StoreDirectory() {}

  static Path prepare(Path configured) {
    Path dir = configured.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ConfigurationException(LocalFileCoordination.DIR_KEY + " = " + dir + " is a file, not a directory: "
          + "point it at a directory (it is created if only the last segment is missing)");
    }
    if (!Files.exists(dir)) {
      Path parent = dir.getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new ConfigurationException(LocalFileCoordination.DIR_KEY + " = " + dir + " does not exist, and neither"
            + " does its parent " + parent + ": create it (mkdir -p " + dir + ") or point "
            + LocalFileCoordination.DIR_KEY + " at an existing directory");
      }
      try {
        Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // created concurrently: fine
      } catch (IOException e) {
        throw new ConfigurationException("cannot create " + LocalFileCoordination.DIR_KEY + " = " + dir + " (" + e
            + "): make " + parent + " writable by this process or create the directory yourself", e);
      }
    }
    if (!Files.isWritable(dir)) {
      throw new ConfigurationException(LocalFileCoordination.DIR_KEY + " = " + dir + " is not writable by this "
          + "process (user " + System.getProperty("user.name") + "): fix its permissions or choose another directory");
    }
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new ConfigurationException("cannot resolve " + LocalFileCoordination.DIR_KEY + " = " + dir + ": " + e, e);
    }
  }
}
