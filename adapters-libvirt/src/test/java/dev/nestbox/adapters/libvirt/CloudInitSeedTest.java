package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.plan.Plan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CloudInitSeedTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5 nestbox-7";
    static final Machine ALICE = new Machine(new HostingId(7), SiteName.of("alice"), Ipv4Address.parse("10.88.0.2"), new Plan("micro", "micro", 512, 1, 1024), KEY);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    CloudInitSeed seed = CloudInitSeed.of(ALICE, Ipv4Subnet.parse("10.88.0.0/24"));

    @Test
    void meta_data_names_the_instance_and_host() throws Exception {
        JsonNode meta = YAML.readTree(seed.metaData());

        assertThat(meta.get("instance-id").asText()).isEqualTo("nestbox-alice");
        assertThat(meta.get("local-hostname").asText()).isEqualTo("alice");
    }

    @Test
    void user_data_authorises_the_provisioning_key_for_root_and_admin_creates_web_and_serves_a_page()
            throws Exception {
        assertThat(seed.userData()).startsWith("#cloud-config\n");
        JsonNode user = YAML.readTree(seed.userData());

        assertThat(user.get("disable_root").asBoolean(true)).isFalse();
        assertThat(user.get("ssh_pwauth").asBoolean(true)).isFalse();
        assertThat(user.get("ssh_authorized_keys").get(0).asText()).isEqualTo(KEY);
        JsonNode admin = user.get("users").get(0);
        assertThat(admin.get("name").asText()).isEqualTo("admin");
        assertThat(admin.get("sudo").asText()).isEqualTo("ALL=(ALL) NOPASSWD:ALL");
        assertThat(admin.get("ssh_authorized_keys").get(0).asText()).isEqualTo(KEY);
        JsonNode web = user.get("users").get(1);
        assertThat(web.get("name").asText()).isEqualTo("web");
        assertThat(web.has("ssh_authorized_keys")).isFalse();
        assertThat(user.get("packages").get(0).asText()).isEqualTo("nginx");
        JsonNode page = user.get("write_files").get(0);
        assertThat(page.get("path").asText()).isEqualTo("/var/www/html/index.html");
        assertThat(page.get("content").asText()).contains("<h1>alice</h1>");
        assertThat(user.get("runcmd").toString()).contains("nginx").contains("web:web");
    }

    @Test
    void network_config_gives_the_static_address_gateway_and_dns_to_the_nic_with_our_mac() throws Exception {
        JsonNode net = YAML.readTree(seed.networkConfig());

        assertThat(net.get("version").asInt()).isEqualTo(2);
        JsonNode eth = net.get("ethernets").get("eth0");
        assertThat(eth.get("match").get("macaddress").asText()).isEqualTo("52:54:00:58:00:02");
        assertThat(eth.get("addresses").get(0).asText()).isEqualTo("10.88.0.2/24");
        assertThat(eth.get("routes").get(0).get("to").asText()).isEqualTo("default");
        assertThat(eth.get("routes").get(0).get("via").asText()).isEqualTo("10.88.0.1");
        assertThat(eth.get("nameservers").get("addresses").get(0).asText()).isEqualTo("10.88.0.1");
    }

    @Test
    void a_key_with_quotes_stays_one_yaml_string() throws Exception {
        Machine odd = new Machine(new HostingId(8), SiteName.of("bob-2"), Ipv4Address.parse("10.88.0.3"), new Plan("micro", "micro", 512, 1, 1024),
                "ssh-ed25519 AAAA comment \"with\" quotes\\ and: colon # hash");

        JsonNode user = YAML.readTree(CloudInitSeed.of(odd, Ipv4Subnet.parse("10.88.0.0/24")).userData());

        assertThat(user.get("ssh_authorized_keys").get(0).asText())
                .isEqualTo("ssh-ed25519 AAAA comment \"with\" quotes\\ and: colon # hash");
    }

    @Test
    void the_seed_image_is_an_iso_labelled_cidata_holding_the_three_documents() throws Exception {
        HostTool.require(SeedImage.TOOL, SeedImage.TOOL_PACKAGE);
        Path isoinfo = HostTool.require("isoinfo", "genisoimage");
        Path iso = dir.resolve("seeds").resolve("alice-cidata.iso");

        SeedImage.write(seed, iso);

        assertThat(iso).isRegularFile();
        HostTool.Result info = HostTool.run(List.of(isoinfo.toString(), "-d", "-i", iso.toString()));
        assertThat(info.output()).contains("Volume id: cidata").contains("Rock Ridge");
        assertThat(read(isoinfo, iso, "/user-data")).isEqualTo(seed.userData());
        assertThat(read(isoinfo, iso, "/meta-data")).isEqualTo(seed.metaData());
        assertThat(read(isoinfo, iso, "/network-config")).isEqualTo(seed.networkConfig());
        try (var leftovers = Files.list(iso.getParent())) {
            assertThat(leftovers).containsExactly(iso);
        }
    }

    private static String read(Path isoinfo, Path iso, String file) {
        HostTool.Result result = HostTool.run(List.of(isoinfo.toString(), "-R", "-i", iso.toString(), "-x", file));
        assertThat(result.exitCode()).isZero();
        return result.output();
    }
}
