/**
 * Shared test support: {@link io.metastate.testing.TestTiming} (the one timeout knob, {@code
 * -Dmetastate.test.timeScale}), {@link io.metastate.testing.LoopbackProxy} (cut one client off) and {@link
 * io.metastate.testing.ListeningSockets} (prove servers listen on loopback only).
 */
package io.metastate.testing;
