package org.clusteragent.undertow;

import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;

/** docs/attributes.md documents every name the servlet extension reads itself, in the extension's section. */
class AttributeReferenceTest {

    @Test
    void everyNameOfTheServletExtensionHasARow() {
        AttributeReference.load().assertDocumentedIn("Undertow servlet extension only", ExtensionSettings.OWN,
                "container-undertow's servlet extension (ExtensionSettings.OWN)");
    }
}
