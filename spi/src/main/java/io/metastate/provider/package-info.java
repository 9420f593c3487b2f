/**
 * For provider authors: the {@link io.metastate.provider.CoordinationProvider} service interface, and base classes
 * that implement the session and lease state machines with ordered listener delivery.
 */
package io.metastate.provider;
