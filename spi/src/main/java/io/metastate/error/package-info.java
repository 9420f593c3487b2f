/**
 * The error hierarchy: one unchecked root, {@link io.metastate.error.CoordinationException}, with a specific subtype
 * per failure a caller can act on. Each tells whether a retry is safe.
 */
package io.metastate.error;
