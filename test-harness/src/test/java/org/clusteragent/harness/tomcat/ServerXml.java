package org.clusteragent.harness.tomcat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Edits a Tomcat distribution's {@code conf/server.xml} the way a user would by hand: the shutdown
 * port, the HTTP connector's port and address, no AJP connector, and one more {@code <Listener>} on
 * the {@code <Server>} after the existing ones. Everything else (comments included) is kept.
 */
final class ServerXml {

    private ServerXml() {
    }

    static void edit(Path serverXml, int shutdownPort, int httpPort, String listenerClass,
                     Map<String, String> listenerAttributes, Map<String, String> hostAttributes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document doc = factory.newDocumentBuilder().parse(serverXml.toFile());
        Element server = doc.getDocumentElement();
        if (!"Server".equals(server.getTagName())) {
            throw new IllegalStateException(serverXml + ": root element is <" + server.getTagName() + ">, not <Server>");
        }
        server.setAttribute("port", Integer.toString(shutdownPort));

        Element listener = doc.createElement("Listener");
        listener.setAttribute("className", listenerClass);
        listenerAttributes.forEach(listener::setAttribute);
        Node after = null;
        for (Node child = server.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && "Listener".equals(e.getTagName())) {
                after = e;
            }
        }
        server.insertBefore(listener, after == null ? server.getFirstChild() : after.getNextSibling());
        server.insertBefore(doc.createTextNode("\n  "), listener);

        for (Element host : elements(doc.getElementsByTagName("Host"))) {
            hostAttributes.forEach(host::setAttribute);
        }

        int http = 0;
        for (Element connector : elements(doc.getElementsByTagName("Connector"))) {
            String protocol = connector.getAttribute("protocol");
            if (protocol.toUpperCase(java.util.Locale.ROOT).contains("AJP")) {
                connector.getParentNode().removeChild(connector);
            } else {
                connector.setAttribute("port", Integer.toString(httpPort));
                connector.setAttribute("address", "127.0.0.1");
                http++;
            }
        }
        if (http != 1) {
            throw new IllegalStateException(serverXml + ": expected one HTTP <Connector>, found " + http);
        }
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(doc), new StreamResult(serverXml.toFile()));
    }

    private static List<Element> elements(NodeList list) {
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }
}
