package dev.nestbox.adapters.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Set;

/** Whether a domain, by its XML, uses a network or a storage pool: what keeps us from redefining one. */
final class ResourceUsers {
    private ResourceUsers() {
    }

    /** An interface on the network by name, or straight on its bridge. */
    static boolean usesNetwork(String domainXml, String network, String bridge) {
        Document doc = Xml.parse(domainXml);
        for (Element source : Xml.elements(doc, "/domain/devices/interface/source")) {
            String type = ((Element) source.getParentNode()).getAttribute("type");
            if (type.equals("network") && source.getAttribute("network").equals(network)
                    || type.equals("bridge") && !bridge.isEmpty() && source.getAttribute("bridge").equals(bridge)) {
                return true;
            }
        }
        return false;
    }

    /** A disk naming the pool, or a disk file that is one of the pool's volumes. */
    static boolean usesPool(String domainXml, String pool, Set<String> volumePaths) {
        Document doc = Xml.parse(domainXml);
        for (Element source : Xml.elements(doc, "/domain/devices/disk/source")) {
            if (source.getAttribute("pool").equals(pool) || volumePaths.contains(source.getAttribute("file"))) {
                return true;
            }
        }
        return false;
    }
}
