/**
 * Jakarta CDI support: {@link io.metastate.cdi.MetaStateProducers} makes the client and its services injectable
 * (configured by the standard keys, closed at container shutdown), {@link io.metastate.cdi.RecipeProducers} the
 * recipes by name, and {@link io.metastate.cdi.Locked @Locked} runs a method under a distributed lock, with
 * {@link io.metastate.cdi.CurrentLease} giving it the fencing token.
 */
package io.metastate.cdi;
