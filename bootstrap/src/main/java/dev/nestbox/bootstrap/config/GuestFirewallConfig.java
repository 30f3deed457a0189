package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

/** {@code hypervisor.firewall}: what guests may send (a libvirt network filter on every guest interface). */
public class GuestFirewallConfig {
    /** Off only where libvirt has no nwfilter driver (its test driver); guests are then not isolated. */
    @JsonProperty public boolean enabled = true;
    /** Guests may use the network's DNS server on the host's bridge address (port 53) and are told to. */
    @JsonProperty public boolean gatewayDns = true;
    /** Ports guests may connect to on public addresses; 25 (mail) is closed unless listed. */
    @NotNull @JsonProperty public List<Integer> outboundTcpPorts = new ArrayList<>(List.of(53, 80, 443));
    @NotNull @JsonProperty public List<Integer> outboundUdpPorts = new ArrayList<>(List.of(53));
    /**
     * Destinations guests never reach, in CIDR form. The default covers every non-public IPv4 range; add the host's
     * own public addresses to keep guests from its services on the allowed ports too.
     */
    @NotNull @JsonProperty public List<String> blockedNetworks = new ArrayList<>(List.of("0.0.0.0/8", "10.0.0.0/8",
            "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"));
    /** Added to blockedNetworks, so the defaults stay when an operator only adds. */
    @NotNull @JsonProperty public List<String> extraBlockedNetworks = new ArrayList<>();
}
