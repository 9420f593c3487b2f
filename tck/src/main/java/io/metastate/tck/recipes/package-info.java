/**
 * Contracts for the recipes (leader election, key and key-range locks, fenced writes), run on a provider by
 * subclassing {@link io.metastate.tck.recipes.RecipesCompatibilityKit} with the same fixture as the main kit.
 */
package io.metastate.tck.recipes;
