package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;

import java.nio.file.Path;

/** Definitions of the shared things our machines use: the network, the disk pool and the disks. */
final class ResourceXml {
    /**
     * Namespace of the mark in the metadata of the networks we define: it tells ours from one someone else
     * defined under the same name. (libvirt keeps network metadata; storage pools have none.)
     */
    static final String OWNER_NAMESPACE = "https://nestbox.dev/xmlns/libvirt/1";
    static final String OWNER_ELEMENT = "defined-by-nestbox";

    private ResourceXml() {
    }

    /**
     * A NAT network without DHCP (guests get the static addresses we allocate) whose ports are isolated, so
     * one tenant's machine cannot reach another's; the host (the gateway) still reaches every guest.
     */
    static String network(String name, String bridge, Ipv4Subnet subnet) {
        return "<network>\n"
                + "  <name>" + Xml.text(name) + "</name>\n"
                + "  <metadata><nestbox:" + OWNER_ELEMENT + " xmlns:nestbox='" + OWNER_NAMESPACE + "'/></metadata>\n"
                + "  <forward mode='nat'/>\n"
                + "  <bridge name='" + Xml.text(bridge) + "' stp='on' delay='0'/>\n"
                + "  <port isolated='yes'/>\n"
                + "  <ip address='" + subnet.gateway() + "' netmask='" + subnet.netmask() + "'/>\n"
                + "</network>\n";
    }

    static String directoryPool(String name, Path path) {
        return "<pool type='dir'>\n"
                + "  <name>" + Xml.text(name) + "</name>\n"
                + "  <target>\n"
                + "    <path>" + Xml.text(path) + "</path>\n"
                + "    <permissions><mode>0711</mode></permissions>\n"
                + "  </target>\n"
                + "</pool>\n";
    }

    /** An empty qcow2 disk; the built-in guest makes its file system on first boot. */
    static String emptyVolume(String name, long mib) {
        return "<volume>\n"
                + "  <name>" + Xml.text(name) + "</name>\n"
                + "  <capacity unit='MiB'>" + mib + "</capacity>\n"
                + "  <target>\n"
                + "    <format type='qcow2'/>\n"
                + "    <permissions><mode>0600</mode></permissions>\n"
                + "  </target>\n"
                + "</volume>\n";
    }

    /**
     * A qcow2 overlay on a cloud image: the site's writes land in the overlay, the base stays shared and
     * untouched. The capacity must be at least the base image's virtual size, or qemu-img refuses.
     */
    static String overlayVolume(String name, long mib, Path baseImage) {
        return "<volume>\n"
                + "  <name>" + Xml.text(name) + "</name>\n"
                + "  <capacity unit='MiB'>" + mib + "</capacity>\n"
                + "  <target>\n"
                + "    <format type='qcow2'/>\n"
                + "    <permissions><mode>0600</mode></permissions>\n"
                + "  </target>\n"
                + "  <backingStore>\n"
                + "    <path>" + Xml.text(baseImage) + "</path>\n"
                + "    <format type='qcow2'/>\n"
                + "  </backingStore>\n"
                + "</volume>\n";
    }
}
