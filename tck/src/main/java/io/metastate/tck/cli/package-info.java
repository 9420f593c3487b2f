/**
 * Running the kit from the command line against a provider jar and a configuration file: {@link
 * io.metastate.tck.cli.RunKit}.
 */
package io.metastate.tck.cli;
