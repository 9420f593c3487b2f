/** Sessions: the liveness lease that owns a client's ephemeral nodes and locks, and its observable states. */
package io.metastate.session;
