/**
 * The {@code metastate} command: one command line that works the same on every provider. {@link io.metastate.cli.Main}
 * is the entry point; every subcommand is a picocli command class in this package, package-private.
 */
package io.metastate.cli;
