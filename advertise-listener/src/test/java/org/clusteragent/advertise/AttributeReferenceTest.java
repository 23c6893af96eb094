package org.clusteragent.advertise;

import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;

/** docs/attributes.md documents every attribute the advertise listener reads, in its advertise section. */
class AttributeReferenceTest {

    @Test
    void everyAdvertiseAttributeHasARow() {
        AttributeReference.load().assertDocumentedIn("Finding proxies by advertise",
                new AdvertiseDiscoveryFactory().propertyNames(),
                "advertise-listener (AdvertiseDiscoveryFactory.propertyNames())");
    }
}
