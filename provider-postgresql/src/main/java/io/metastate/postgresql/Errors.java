package io.metastate.postgresql;

import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.error.SessionExpiredException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns JDBC failures into metastate errors, at the provider edge, by SQLSTATE. */
final class Errors {
  /** A row refers to a session that is gone: the client's session ended (foreign key on sessions). */
  static final String FOREIGN_KEY_VIOLATION = "23503";

  private Errors() {}

  /** Whether the failure is the calling thread's interrupt (the pool's wait for a connection was interrupted). */
  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /** Whether the transaction should simply run again: a serialization failure or a deadlock, nothing applied. */
  static boolean isRetryable(SQLException e) {
    String s = e.getSQLState();
    return "40001".equals(s) || "40P01".equals(s);
  }

  /** Whether the connection itself failed (broken, refused, shut down), as opposed to the statement. */
  static boolean isConnectionFailure(SQLException e) {
    String s = e.getSQLState();
    return e instanceof SQLTransientConnectionException || s == null || s.startsWith("08") || s.startsWith("57P")
        || "53300".equals(s); // too many connections
  }

  /**
   * @param what the call, for the message
   * @param write whether the call writes: a write whose connection broke after it was sent is reported as
   *     ConnectionLossException (outcome unknown, as every provider reports it), even where PostgreSQL rolled the
   *     open transaction back; the message says which. A read, or a request that never got a connection, is
   *     BackendUnavailableException (safe to retry).
   * @param committing whether the commit itself (or an auto-committed statement) was in flight
   */
  static CoordinationException map(SQLException e, String what, boolean write, boolean committing) {
    if (interrupted(e)) {
      // HikariCP, interrupted while the caller waited for a pooled connection: nothing was sent. The acquire rule
      // (and every blocking call's) wants OperationInterruptedException with the flag set, not "retry".
      Thread.currentThread().interrupt();
      return new OperationInterruptedException(what + ": interrupted while waiting for a connection to PostgreSQL;"
          + " nothing was sent, the interrupt flag is still set", e);
    }
    String state = e.getSQLState();
    if (FOREIGN_KEY_VIOLATION.equals(state)) {
      return new SessionExpiredException(what + ": the session has ended in the database (expired or closed); its"
          + " locks and ephemeral nodes are gone: open a new client");
    }
    if (isConnectionFailure(e)) {
      if (write && !(e instanceof SQLTransientConnectionException)) {
        return new ConnectionLossException(what + ": the connection to PostgreSQL broke " + (committing
            ? "while the commit was in flight (" + e.getMessage() + "); the write may or may not have been applied"
            : "before the commit (" + e.getMessage() + "); PostgreSQL rolls such a transaction back"), e);
      }
      return new BackendUnavailableException(what + ": PostgreSQL unreachable (" + e.getMessage()
          + "); nothing was applied, safe to retry", e);
    }
    if (state != null && (state.startsWith("28") || "3D000".equals(state) || "42501".equals(state))) {
      return new ConfigurationException(what + " refused by PostgreSQL: " + e.getMessage() + " (check "
          + PostgresKeys.URL + ", " + PostgresKeys.USER + ", " + PostgresKeys.PASSWORD + " and the user's rights)", e);
    }
    return new CoordinationException(what + " failed in PostgreSQL (SQLSTATE " + state + "): " + e.getMessage(),
        false, e);
  }
}
