/**
 * Coordination recipes built only on the metastate SPI, so they run unchanged on every provider (ZooKeeper, etcd,
 * local-file): {@linkplain io.metastate.recipes.election leader election},
 * {@linkplain io.metastate.recipes.rangelock key and key-range locks} and
 * {@linkplain io.metastate.recipes.fenced fenced writes}.
 *
 * <p>Every recipe keeps its meta-state under {@code /metastate/...}; each package documents its layout so that
 * operators can inspect it with the backend's own tools.
 */
package io.metastate.recipes;
