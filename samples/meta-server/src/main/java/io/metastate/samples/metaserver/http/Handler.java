package io.metastate.samples.metaserver.http;

/** Serves one route. Throws {@link ApiException} for requests it refuses. */
@FunctionalInterface
public interface Handler {
  /** The reply to a call. */
  Reply handle(Call call);
}
