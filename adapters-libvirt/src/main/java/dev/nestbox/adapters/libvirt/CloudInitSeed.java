package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.allocation.Ipv4Subnet;

/**
 * The cloud-init NoCloud documents that turn a stock cloud image into a site: who may log in, what to
 * install, what the page says, and the static address (there is no DHCP on our network).
 */
record CloudInitSeed(String metaData, String userData, String networkConfig) {

    static CloudInitSeed of(Machine machine, Ipv4Subnet subnet) {
        String site = machine.site().value();
        String key = quoted(machine.provisioningPublicKey().strip());
        String metaData = "instance-id: " + Naming.domain(machine.site()) + "\n"
                + "local-hostname: " + site + "\n";
        // root and admin hold the platform's provisioning key; web is the site's own user, whose keys the
        // platform installs later over SSH, like on the built-in guest.
        String userData = "#cloud-config\n"
                + "hostname: " + site + "\n"
                + "disable_root: false\n"
                + "ssh_pwauth: false\n"
                + "ssh_authorized_keys:\n"
                + "  - " + key + "\n"
                + "users:\n"
                + "  - name: admin\n"
                + "    groups: [sudo]\n"
                + "    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
                + "    shell: /bin/bash\n"
                + "    lock_passwd: true\n"
                + "    ssh_authorized_keys:\n"
                + "      - " + key + "\n"
                + "  - name: web\n"
                + "    shell: /bin/bash\n"
                + "    lock_passwd: true\n"
                + "package_update: true\n"
                + "packages:\n"
                + "  - nginx\n"
                + "write_files:\n"
                + "  - path: /var/www/html/index.html\n"
                + "    permissions: \"0644\"\n"
                + "    content: |\n"
                + "      <!doctype html>\n"
                + "      <html><head><meta charset=\"utf-8\"><title>" + site + "</title></head>\n"
                + "      <body><h1>" + site + "</h1><p>This site is hosted by Nestbox.</p></body></html>\n"
                + "runcmd:\n"
                + "  - [chown, -R, \"web:web\", /var/www/html]\n"
                + "  - [systemctl, enable, --now, nginx]\n";
        String networkConfig = "version: 2\n"
                + "ethernets:\n"
                + "  eth0:\n"
                + "    match:\n"
                + "      macaddress: \"" + Naming.mac(machine.address()) + "\"\n"
                + "    set-name: eth0\n"
                + "    addresses: [" + machine.address() + "/" + subnet.prefix() + "]\n"
                + "    routes:\n"
                + "      - to: default\n"
                + "        via: " + subnet.gateway() + "\n"
                + "    nameservers:\n"
                + "      addresses: [" + subnet.gateway() + "]\n";
        return new CloudInitSeed(metaData, userData, networkConfig);
    }

    /** A YAML double-quoted scalar; a public key line holds nothing that needs more than this. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
