/**
 * Writes that take effect only while a lock, a leadership or a key lease still holds: the guard is checked by the
 * backend in the same all-or-nothing transaction as the write, so a holder that was paused past its lease cannot
 * overwrite the work of its successor.
 */
package io.metastate.recipes.fenced;
