/**
 * metastate: distributed locks and meta-state behind one contract. Start with {@link io.metastate.MetaState#open()}.
 */
package io.metastate;
