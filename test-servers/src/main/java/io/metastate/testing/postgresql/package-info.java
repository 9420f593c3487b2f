/**
 * A real PostgreSQL for tests: {@link io.metastate.testing.postgresql.LocalPostgres} runs the Debian
 * {@code postgresql} package's binaries ({@code initdb} in a temp dir, {@code postgres} on a free 127.0.0.1 port, as
 * an unprivileged user when the JVM runs as root), with restart, pause and connection-kill fault hooks.
 */
package io.metastate.testing.postgresql;
