/** Distributed locks: named, session-owned, FIFO, with fencing tokens that strictly increase forever. */
package io.metastate.lock;
