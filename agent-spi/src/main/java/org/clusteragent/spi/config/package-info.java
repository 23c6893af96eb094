/**
 * Helpers for the modules that read the agent's string properties (agent-core, load-metrics,
 * advertise-listener): one reader with one error format, and the "did you mean" of mistyped names.
 * For the agent's own modules and extensions that take properties; not a container contract.
 */
package org.clusteragent.spi.config;
