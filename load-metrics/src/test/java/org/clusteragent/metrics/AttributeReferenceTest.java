package org.clusteragent.metrics;

import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;

/** docs/attributes.md documents every attribute the load-metrics module reads, in its Load section. */
class AttributeReferenceTest {

    @Test
    void everyAttributeOfTheLoadFactoryHasARow() {
        AttributeReference.load().assertDocumentedIn("Load", new DecayingLoadFactorProviderFactory().propertyNames(),
                "load-metrics (DecayingLoadFactorProviderFactory.propertyNames())");
    }
}
