package io.metastate.zookeeper;

import io.metastate.error.BadVersionException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.error.SessionExpiredException;
import org.apache.zookeeper.KeeperException;

/** Turns ZooKeeper's exceptions into the SPI's, at the provider edge. */
final class Errors {
  private Errors() {}

  /**
   * @param path the meta-state path the caller named (not the znode path)
   * @param expectedVersion the version a CAS expected, for BadVersion
   */
  static CoordinationException map(KeeperException e, String path, long expectedVersion) {
    return map(e.code(), path, expectedVersion, e);
  }

  static CoordinationException map(KeeperException.Code code, String path, long expectedVersion, Throwable cause) {
    CoordinationException mapped = switch (code) {
      case NONODE -> new NoNodeException(path);
      case NODEEXISTS -> new NodeExistsException(path);
      case BADVERSION -> new BadVersionException(path, expectedVersion);
      case NOTEMPTY -> new NotEmptyException(path);
      case NOCHILDRENFOREPHEMERALS -> new NoChildrenForEphemeralsException(path);
      case CONNECTIONLOSS, OPERATIONTIMEOUT, REQUESTTIMEOUT -> new ConnectionLossException(
          "connection to ZooKeeper lost during an operation on " + path + "; its outcome is unknown", cause);
      case SESSIONEXPIRED, SESSIONMOVED -> new SessionExpiredException(
          "the ZooKeeper session expired; open a new client", cause);
      case NOAUTH, AUTHFAILED -> new CoordinationException("ZooKeeper refused access to " + path + " (" + code
          + "): check " + ZooKeeperClientBuilder.AUTH + " and the ACLs of the namespace", false, cause);
      default -> new CoordinationException("ZooKeeper failed on " + path + ": " + code, false, cause);
    };
    return mapped;
  }

  /**
   * An interrupted lock acquire: what it started is withdrawn (by the caller), the interrupt flag is set again.
   *
   * @param e the interruption, or null if the flag was found set on entry
   */
  static OperationInterruptedException acquireInterrupted(String name, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new OperationInterruptedException("interrupted while acquiring lock '" + name
        + "'; the waiter was withdrawn", e);
  }

  /** An interrupted wait: the request may or may not have been applied. */
  static CoordinationException interrupted(String path, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new ConnectionLossException("interrupted while waiting for ZooKeeper on " + path
        + "; the outcome is unknown", e);
  }
}
