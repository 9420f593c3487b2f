/**
 * Wire-level faults for the kit: {@link io.metastate.tck.wire.LoopbackProxy} sits between one client and its backend
 * on 127.0.0.1 and can cut it off, lose one reply (the request applied, the answer never arriving), delay or
 * blackhole one direction. {@link io.metastate.tck.wire.ProxiedFixture} puts each client of a networked provider's
 * fixture behind its own proxy (and its own ticker), so the fixture supplies only how to open a client.
 */
package io.metastate.tck.wire;
