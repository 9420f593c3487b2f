/**
 * The promise catalogue: every normative sentence of the SPI Javadoc with its id ({@code LOCK-7}), read from
 * {@code io/metastate/tck/promises/<FAMILY>.tsv}, and the index of which kit tests verify which promise.
 */
package io.metastate.tck.promises;
