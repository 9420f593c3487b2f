/** Meta-state: a ZooKeeper-shaped tree of versioned nodes with CAS, multi-op transactions and ordered watches. */
package io.metastate.state;
