/**
 * The PostgreSQL provider ({@code metastate.provider=postgresql}, keys in {@link io.metastate.postgresql.PostgresKeys}):
 * sessions, nodes, lock claims and a watch log as rows of one schema, timed by the database's clock, woken by
 * LISTEN/NOTIFY. Built only on the SPI and its support layer: the client is an
 * {@link io.metastate.provider.support.AbstractCoordinationClient}, locks an
 * {@link io.metastate.provider.support.AbstractLockService} over a claim-row driver, watches
 * {@link io.metastate.provider.support.AbstractWatch}es over the event log.
 */
package io.metastate.postgresql;
