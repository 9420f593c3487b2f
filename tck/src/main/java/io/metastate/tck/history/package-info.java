/**
 * A linearizability checker for recorded histories of concurrent operations: the Wing–Gong search with Lowe's
 * memoization of (linearized set, state), run separately per key as Porcupine does, plus the models the kit checks
 * against (a compare-and-set register, a mutex, a fenced lease).
 */
package io.metastate.tck.history;
