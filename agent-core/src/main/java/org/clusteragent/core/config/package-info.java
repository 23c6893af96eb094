/**
 * The agent core's configuration: {@link org.clusteragent.core.config.ConfigParser} turns the string
 * properties a container adapter collects (server.xml {@code <Listener>} attributes, Undertow
 * extension properties; names as in docs/attributes.md) into one immutable
 * {@link org.clusteragent.core.config.AgentConfig}, reporting every bad value at once. Load metrics
 * and advertise read their own attributes from the same properties; the parser only needs their
 * names. {@link org.clusteragent.core.config.ProxyListParser} and
 * {@link org.clusteragent.core.config.ContextExclusions} are reusable on their own.
 */
package org.clusteragent.core.config;
