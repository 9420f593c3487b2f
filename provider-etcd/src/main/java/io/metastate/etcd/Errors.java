package io.metastate.etcd;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns jetcd and gRPC failures into metastate errors, at the provider edge. */
final class Errors {
  private Errors() {}

  /** What kind of request failed: decides whether an unknown outcome matters. */
  enum Kind { READ, WRITE }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  static CoordinationException map(Throwable failure, String what, Kind kind) {
    Throwable t = unwrap(failure);
    if (t instanceof CoordinationException ce) {
      return ce;
    }
    if (t instanceof TimeoutException || t instanceof CancellationException) {
      return lost(what, kind, "no answer from etcd in time", t);
    }
    ErrorCode code = code(t);
    if (code == null) {
      return new CoordinationException(what + " failed: " + t, false, t);
    }
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED -> lost(what, kind, t.getMessage(), t);
      case UNAUTHENTICATED, PERMISSION_DENIED -> new ConfigurationException(what + " refused by etcd: "
          + t.getMessage() + " (check " + EtcdKeys.USER + " / " + EtcdKeys.PASSWORD + " and the user's roles)", t);
      default -> new CoordinationException(what + " failed: " + t.getMessage(), false, t);
    };
  }

  static ErrorCode code(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EtcdException e) {
        return e.getErrorCode();
      }
      if (c instanceof StatusRuntimeException s) {
        return fromStatus(s.getStatus());
      }
    }
    return null;
  }

  private static ErrorCode fromStatus(Status status) {
    try {
      return ErrorCode.valueOf(status.getCode().name());
    } catch (IllegalArgumentException e) {
      return ErrorCode.UNKNOWN;
    }
  }

  static boolean isNotFound(Throwable t) {
    ErrorCode c = code(unwrap(t));
    return c == ErrorCode.NOT_FOUND || String.valueOf(unwrap(t).getMessage()).contains("lease not found");
  }

  private static CoordinationException lost(String what, Kind kind, String detail, Throwable t) {
    if (kind == Kind.READ) {
      return new BackendUnavailableException(what + ": etcd unreachable (" + detail + "); safe to retry", t);
    }
    return new ConnectionLossException(what + ": etcd unreachable (" + detail
        + "); the write may or may not have been applied", t);
  }
}
