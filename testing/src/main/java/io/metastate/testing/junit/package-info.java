/**
 * JUnit 5 extensions for users' own tests: {@link io.metastate.testing.junit.MetaStateBackend} gives a test a ready
 * {@link io.metastate.config.MetaStateConfig} for a real etcd, ZooKeeper or local-file backend, started with
 * Testcontainers where a Docker engine runs and from a local server otherwise, with fault hooks (pause, kill,
 * restart) in each mode.
 */
package io.metastate.testing.junit;
