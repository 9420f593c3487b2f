/** Configuration by key, from a properties file, the environment and system properties. */
package io.metastate.config;
