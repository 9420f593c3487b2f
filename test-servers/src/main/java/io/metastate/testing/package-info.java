/**
 * Shared test support: {@link io.metastate.testing.TestTiming} (the one timeout knob, {@code
 * -Dmetastate.test.timeScale}) and {@link io.metastate.testing.ListeningSockets} (prove servers listen on loopback
 * only). The fault proxy that cuts one client off, loses a reply or delays one direction lives in the kit
 * ({@code io.metastate.tck.wire.LoopbackProxy}), so that the kit can use it against any provider.
 */
package io.metastate.testing;
