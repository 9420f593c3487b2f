/**
 * The compatibility report: which features of the contract a provider passed, failed, or skipped (and why), written
 * after every run of a kit by a JUnit Platform listener that the kit registers through {@code META-INF/services}.
 */
package io.metastate.tck.report;
