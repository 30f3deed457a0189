package dev.nestbox.adapters.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The interfaces of a running machine that lack the guest filter, each with the filter added: what
 * {@code virDomainUpdateDeviceFlags} takes to put the filter on a running machine without restarting it.
 */
final class FilterAttachment {
    private FilterAttachment() {
    }

    static List<String> interfacesToUpdate(String liveDomainXml, String filter, String address) {
        Document doc = Xml.parse(liveDomainXml);
        List<String> updates = new ArrayList<>();
        for (Element iface : Xml.elements(doc, "/domain/devices/interface")) {
            if (!Xml.elements(iface, "filterref[@filter='" + filter + "']").isEmpty()) {
                continue;
            }
            for (Element old : Xml.elements(iface, "filterref")) {
                iface.removeChild(old);
            }
            Element ref = doc.createElement("filterref");
            ref.setAttribute("filter", filter);
            Element parameter = doc.createElement("parameter");
            parameter.setAttribute("name", NetworkFilterXml.IP_PARAMETER);
            parameter.setAttribute("value", address);
            ref.appendChild(parameter);
            iface.appendChild(ref);
            updates.add(serialise(iface));
        }
        return updates;
    }

    private static String serialise(Element element) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write an interface definition: " + e.getMessage(), e);
        }
    }
}
