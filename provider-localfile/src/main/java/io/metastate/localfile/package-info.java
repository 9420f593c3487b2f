/**
 * The {@code localfile} provider: locks and meta-state in an H2 MVStore on local disk, for development and for a
 * single meta server. Select it with {@code metastate.provider=localfile} and {@code metastate.localfile.dir}, or
 * open clients directly with {@link io.metastate.localfile.LocalFileCoordination#builder()}.
 *
 * <ul>
 *   <li><b>One owner.</b> One process owns a directory, through an OS lock on {@code metastate.lock} (which records
 *       the holder's pid and host); another process gets {@link io.metastate.error.StoreInUseException}. Clients of
 *       one JVM naming the same directory share the open store, each with its own session.
 *   <li><b>Durable writes.</b> H2's background writer is off; a write returns only after an MVStore commit and an
 *       fsync. Concurrent writers share one commit and sync (group commit).
 *   <li><b>Sessions</b> are an in-process lease table on monotonic time (the config's {@link io.metastate.Ticker});
 *       when the owning process dies, so do its sessions: on reopen their ephemeral nodes are deleted, and
 *       revisions, fencing tokens and session ids continue upward.
 *   <li><b>Locks</b> live in memory (they die with the process); fencing tokens come from blocks reserved on disk
 *       ahead of use, so a grant costs no fsync and tokens still increase forever.
 * </ul>
 *
 * {@link io.metastate.localfile.LocalFileTesting} holds the fault hooks that tests and the TCK fixture use.
 */
package io.metastate.localfile;
