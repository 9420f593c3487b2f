/**
 * Guice support: {@link io.metastate.guice.MetaStateModule} binds the metastate services from configuration and
 * opens the client lazily; {@link io.metastate.guice.MetaStateLifecycle} closes it.
 */
package io.metastate.guice;
