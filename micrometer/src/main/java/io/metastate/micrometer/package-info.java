/**
 * Optional Micrometer instrumentation: {@link io.metastate.micrometer.MetaStateMetrics} wraps any
 * {@link io.metastate.CoordinationClient}; {@link io.metastate.micrometer.RecipeMetrics} adds the recipes' meters.
 * Micrometer itself is a {@code provided} dependency: the application brings it.
 */
package io.metastate.micrometer;
