/**
 * The contracts between clusteragent's parts: a read-only model of the servlet container
 * ({@link org.clusteragent.spi.Server}, {@link org.clusteragent.spi.Engine},
 * {@link org.clusteragent.spi.Host}, {@link org.clusteragent.spi.Context},
 * {@link org.clusteragent.spi.Connector}) that container adapters implement, the
 * {@link org.clusteragent.spi.ContainerEventHandler} that adapters call, the load contracts
 * ({@link org.clusteragent.spi.LoadMetric}, {@link org.clusteragent.spi.LoadFactorProvider}) and
 * proxy discovery ({@link org.clusteragent.spi.ProxyDiscovery}). This package depends on the JDK only.
 */
package org.clusteragent.spi;
