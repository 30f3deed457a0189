package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.Hypervisor.MachineState;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.NetworkFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The adapter against a real libvirtd and qemu (opt in: {@code mvn -pl adapters-libvirt test -Dnestbox.qemu=true}).
 * libvirtd runs in a network namespace made here, so the network, its bridge and the guest live there and no
 * packet reaches the host's networks; the test talks only to libvirtd's Unix socket and reads files. The guest
 * is Nestbox's own if {@code /var/lib/nestbox/images} holds it, else the host's kernel and initramfs, which boot
 * far enough to prove the machine runs.
 */
@EnabledIfSystemProperty(named = "nestbox.qemu", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuSystemTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5 nestbox";
    /** Where guest/build put the Nestbox guest; {@code -Dnestbox.images=DIR} points elsewhere. */
    static final Path NESTBOX_IMAGES = Path.of(System.getProperty("nestbox.images", "/var/lib/nestbox/images"));
    static final String NETNS = "nblv-" + ProcessHandle.current().pid();
    static final String BRIDGE = "nbq" + ProcessHandle.current().pid() % 100000;

    static Path dir;
    static Path script;
    static Libvirt libvirt;
    static Hypervisor hypervisor;
    static Path consoleLog;
    static String uri;
    static LibvirtSettings settingsUsed;
    static final Machine ALICE = new Machine(new HostingId(1), SiteName.of("alice"), Ipv4Address.parse("10.77.0.2"), new Plan("micro", "micro", 128, 1, 1024), KEY);
    /** A machine of a disk-kind image made of the micro guest's kernel and initramfs over a blank base. */
    static final Machine BOB = new Machine(new HostingId(2), SiteName.of("bob"), Ipv4Address.parse("10.77.0.3"),
            new Plan("micro-disk", "micro-disk", 128, 1, 1024), KEY);
    static Libvirt diskLibvirt;

    @BeforeAll
    static void startLibvirtdInANamespace() throws Exception {
        HostTool.require("libvirtd", "libvirt-daemon-system");
        HostTool.require("qemu-system-x86_64", "qemu-system-x86");
        HostTool.require("dnsmasq", "dnsmasq-base");
        HostTool.require("ip", "iproute2");
        // qemu runs as libvirt-qemu: everything it opens must be reachable by others, unlike a JUnit @TempDir
        dir = Files.createTempDirectory("nestbox-qemu-it-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path copy = dir.resolve("libvirtd-sandbox.sh");
        try (InputStream in = Objects.requireNonNull(QemuSystemTest.class.getResourceAsStream("libvirtd-sandbox.sh"),
                "test resource libvirtd-sandbox.sh")) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        script = copy;
        sandbox("start");

        LibvirtSettings.Guest guest = Files.isRegularFile(NESTBOX_IMAGES.resolve("vmlinuz"))
                ? new LibvirtSettings.Guest.Builtin(guestImages(NESTBOX_IMAGES.resolve("vmlinuz"),
                        NESTBOX_IMAGES.resolve("initrd.img")))
                : new LibvirtSettings.Guest.Builtin(hostKernelAsGuest());
        LibvirtSettings settings = LibvirtSettings.defaults()
                .withUri("qemu+unix:///system?socket=" + dir.resolve("sock/libvirt-sock"))
                .withNetwork("nestbox", BRIDGE, "10.77.0.0/24")
                .withPool("nestbox", dir.resolve("disks"))
                .withConsoleLogDir(dir.resolve("console"))
                .withImage("micro", guest) // accel stays auto: the probe decides, as in production
                // The build machines' kernel lacks tc's sfq and police modules and this libvirtd no cgroup CPU
                // controller: CPU and network limits are off here, the disk limit (done by qemu) stays on.
                .withResources(new GuestResources(0, GuestResources.defaults().diskBytesPerSecond(),
                        GuestResources.defaults().diskIopsPerSecond(), 0, 0).withImageTcgCacheMib("micro", 16));
        uri = settings.uri();
        consoleLog = dir.resolve("console").resolve("alice.log");
        settingsUsed = settings;
        libvirt = new Libvirt(settings);
        hypervisor = libvirt.hypervisor();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (hypervisor != null) {
                hypervisor.destroy(ALICE.hosting(), ALICE.site());
            }
            if (diskLibvirt != null) {
                try {
                    diskLibvirt.hypervisor().destroy(BOB.hosting(), BOB.site());
                } finally {
                    diskLibvirt.close();
                }
            }
        } finally {
            if (libvirt != null) {
                libvirt.close();
            }
            if (script != null) {
                sandbox("stop");
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    @Order(1)
    void prepare_builds_the_isolated_network_inside_the_namespace_only() {
        hypervisor.prepare();
        hypervisor.prepare();

        HostTool.Result inside = HostTool.run(List.of("ip", "netns", "exec", NETNS, "ip", "-4", "addr", "show", BRIDGE));
        assertThat(inside.output()).contains("inet 10.77.0.1/24");
        assertThat(HostTool.run(List.of("ip", "link", "show", BRIDGE)).exitCode())
                .as("no bridge on the host").isNotZero();
        assertThat(dir.resolve("disks")).isDirectory();
    }

    @Test
    @Order(1)
    void prepare_defines_the_guest_filter_once_and_again_only_when_it_changes() throws Exception {
        hypervisor.prepare();
        Connect c = new Connect(uri);
        try {
            NetworkFilter filter = c.networkFilterLookupByName("nestbox-guest");
            String uuid = filter.getUUIDString();
            assertThat(filter.getXMLDesc()).contains("srcmacaddr='$MAC'").contains("srcipaddr='$IP'")
                    .contains("dstipaddr='169.254.0.0' dstipmask='16'").contains("dstportstart='443'");

            Libvirt changed = new Libvirt(settings().withFirewall(GuestFirewall.defaults().withOutboundTcpPorts(
                    java.util.List.of(80, 443, 8443))));
            try {
                changed.hypervisor().prepare();
            } finally {
                changed.close();
            }
            NetworkFilter redefined = c.networkFilterLookupByName("nestbox-guest");
            assertThat(redefined.getUUIDString()).isEqualTo(uuid);
            assertThat(redefined.getXMLDesc()).contains("dstportstart='8443'");

            hypervisor.prepare();
            assertThat(c.networkFilterLookupByName("nestbox-guest").getXMLDesc()).doesNotContain("8443");
        } finally {
            c.close();
        }
    }

    @Test
    @Order(2)
    void the_disk_is_a_qcow2_file_in_the_pool() {
        hypervisor.createDisk(ALICE);
        hypervisor.createDisk(ALICE);

        Path disk = dir.resolve("disks").resolve("alice.1.qcow2");
        HostTool.Result info = HostTool.run(List.of("qemu-img", "info", "-U", disk.toString()));
        assertThat(info.output()).contains("file format: qcow2").contains("virtual size: 1 GiB");
    }

    @Test
    @Order(3)
    void the_machine_boots_and_writes_its_console_to_the_log() throws Exception {
        hypervisor.start(ALICE);
        hypervisor.start(ALICE);

        assertThat(hypervisor.state(ALICE.site())).isEqualTo(MachineState.RUNNING);
        assertThat(hypervisor.machines()).containsExactly(ALICE.site());
        HostTool.Result ports = HostTool.run(List.of("ip", "netns", "exec", NETNS, "bridge", "-d", "link", "show"));
        assertThat(ports.output()).as("the guest's port on our bridge is isolated from other guests' ports")
                .contains("master " + BRIDGE).contains("isolated on");
        // the Nestbox guest boots with "quiet": its first own line is the host key; a host kernel says its version
        boolean nestboxGuest = Files.isRegularFile(NESTBOX_IMAGES.resolve("vmlinuz"));
        String firstLine = nestboxGuest ? "NESTBOX-HOSTKEY" : "Linux version";
        waitFor(consoleLog, firstLine, Duration.ofSeconds(120));
        Connect c = new Connect(uri);
        try {
            String live = c.domainLookupByName("nestbox-alice").getXMLDesc(0);
            assertThat(live)
                    .contains("<filterref filter='nestbox-guest'>")
                    .contains("<parameter name='IP' value='10.77.0.2'/>")
                    .contains("<total_iops_sec>");
            if (live.contains("<domain type='qemu'")) {
                // the image's own translation cache (16 MiB), not the host-wide 64, reached libvirt (which keeps KiB)
                assertThat(live).contains("<tb-cache unit='KiB'>16384</tb-cache>");
            }
        } finally {
            c.close();
        }
        HostTool.Result ebtables = HostTool.run(List.of("ip", "netns", "exec", NETNS, "ebtables", "-t", "nat", "-L"));
        assertThat(ebtables.output()).as("libvirt instantiated the filter on the guest's port")
                .contains("--ip-src ! 10.77.0.2 -j DROP").contains("--arp-ip-src ! 10.77.0.2 -j DROP");
        // virtlogd appends to the log we made and leaves it ours (mode 0640), so the server can read it
        assertThat(Files.getPosixFilePermissions(consoleLog))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(libvirt.consoleLog(ALICE.site())).get().asString().contains(firstLine);
        if (nestboxGuest) {
            // The boot summary (with the site's name) comes after the host key line: wait for it, not a moment.
            waitFor(consoleLog, "NESTBOX-BOOT", Duration.ofSeconds(60));
            assertThat(Files.readString(consoleLog, StandardCharsets.ISO_8859_1))
                    .contains("NESTBOX-BOOT site=alice")
                    .doesNotContain("invalid nestbox.")
                    .doesNotContain("no nestbox.key")
                    .doesNotContain("no valid nestbox.ip");
        }
    }

    @Test
    @Order(4)
    void after_a_libvirtd_restart_the_adapter_reconnects_and_the_guest_still_runs() {
        sandbox("restart");

        assertThat(hypervisor.state(ALICE.site())).isEqualTo(MachineState.RUNNING);
        assertThat(ebtablesNat()).as("the guest's filter rules survive the restart")
                .contains("--ip-src ! 10.77.0.2 -j DROP");
    }

    @Test
    @Order(5)
    void a_filter_taken_off_a_running_machine_is_put_back_by_isolate() throws Exception {
        Connect c = new Connect(uri);
        try {
            Domain domain = c.domainLookupByName("nestbox-alice");
            Matcher iface = Pattern.compile("<interface[\\s\\S]*?</interface>").matcher(domain.getXMLDesc(0));
            assertThat(iface.find()).isTrue();
            domain.updateDeviceFlags(iface.group().replaceAll("<filterref[\\s\\S]*?</filterref>", ""), 1);
            assertThat(domain.getXMLDesc(0)).doesNotContain("<filterref");
        } finally {
            c.close();
        }
        assertThat(ebtablesNat()).as("without the filter the guest could spoof").doesNotContain("--ip-src ! 10.77.0.2");

        assertThat(hypervisor.isolate(Map.of(ALICE.site(), ALICE.address()))).containsExactly(ALICE.site());

        assertThat(ebtablesNat()).contains("--ip-src ! 10.77.0.2 -j DROP");
        assertThat(hypervisor.isolate(Map.of(ALICE.site(), ALICE.address()))).as("nothing left to put back").isEmpty();
    }

    private static String ebtablesNat() {
        return HostTool.run(List.of("ip", "netns", "exec", NETNS, "ebtables", "-t", "nat", "-L")).output();
    }

    @Test
    @Order(6)
    void destroy_removes_machine_disk_and_log() {
        hypervisor.destroy(ALICE.hosting(), ALICE.site());
        hypervisor.destroy(ALICE.hosting(), ALICE.site());

        assertThat(hypervisor.state(ALICE.site())).isEqualTo(MachineState.ABSENT);
        assertThat(hypervisor.machines()).isEmpty();
        assertThat(dir.resolve("disks").resolve("alice.1.qcow2")).doesNotExist();
        assertThat(consoleLog).doesNotExist();
    }

    @Test
    @Order(7)
    void a_disk_image_machine_boots_from_an_overlay_on_its_versions_base_and_keeps_that_version() throws Exception {
        LibvirtSettings.Guest.Builtin micro = (LibvirtSettings.Guest.Builtin) settings().images().get("micro");
        DiskImageFixture image = new DiskImageFixture(dir.resolve("images-disk"));
        Path v1 = image.addVersion("v1", micro.kernel(), micro.initrd(), "64M", "");
        image.makeCurrent("v1");
        Path v1Base = v1.resolve("base.qcow2").toRealPath();
        String baseBefore = sha256(v1Base);
        diskLibvirt = new Libvirt(settings().withImage("micro-disk", new LibvirtSettings.Guest.Disk(image.dir)));
        Hypervisor disk = diskLibvirt.hypervisor();
        assertThat(disk.canBoot("micro-disk")).isTrue();

        long before = System.nanoTime();
        disk.createDisk(BOB);
        long createMillis = (System.nanoTime() - before) / 1_000_000;
        disk.start(BOB);

        Path overlay = dir.resolve("disks").resolve("bob.2.qcow2");
        HostTool.Result info = HostTool.run(List.of("qemu-img", "info", "-U", overlay.toString()));
        assertThat(info.output()).as(info.output()).contains("file format: qcow2").contains("virtual size: 1 GiB")
                .contains("backing file: " + v1Base).contains("backing file format: qcow2");
        assertThat(Files.size(overlay)).as("a linked clone, not a copy").isLessThan(1024 * 1024);
        Path bobLog = dir.resolve("console").resolve("bob.log");
        boolean nestboxGuest = Files.isRegularFile(NESTBOX_IMAGES.resolve("vmlinuz"));
        waitFor(bobLog, nestboxGuest ? "NESTBOX-BOOT site=bob" : "Linux version", Duration.ofSeconds(180));
        assertThat(disk.state(BOB.site())).isEqualTo(MachineState.RUNNING);
        if (nestboxGuest) {
            assertThat(Files.readString(bobLog, StandardCharsets.ISO_8859_1))
                    .as("the guest formatted its blank overlay and mounted it").contains("NESTBOX-HOSTKEY");
        }
        System.out.printf("disk-kind machine: overlay made in %d ms; base after boot: %s %s%n", createMillis,
                Files.getOwner(v1Base), PosixFilePermissions.toString(Files.getPosixFilePermissions(v1Base)));
        assertThat(Files.getOwner(v1Base).getName()).as("libvirt left the shared base's owner alone").isEqualTo("root");
        assertThat(Files.getPosixFilePermissions(v1Base)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

        Path v2 = image.addVersion("v2", micro.kernel(), micro.initrd(), "64M", "quiet");
        image.makeCurrent("v2");
        disk.start(BOB); // defined anew from the current settings: still its own base's kernel

        Connect c = new Connect(uri);
        try {
            Domain domain = c.domainLookupByName("nestbox-bob");
            for (int flags : new int[] {0, 2 /* VIR_DOMAIN_XML_INACTIVE: what the next start boots */}) {
                assertThat(domain.getXMLDesc(flags))
                        .contains("<kernel>" + v1.toRealPath().resolve("vmlinuz") + "</kernel>")
                        .contains("<initrd>" + v1.toRealPath().resolve("initrd.img") + "</initrd>")
                        .doesNotContain(v2.toString());
            }
        } finally {
            c.close();
        }

        disk.destroy(BOB.hosting(), BOB.site());

        assertThat(disk.state(BOB.site())).isEqualTo(MachineState.ABSENT);
        assertThat(overlay).doesNotExist();
        assertThat(v1Base).isRegularFile();
        assertThat(sha256(v1Base)).as("the base is unchanged").isEqualTo(baseBefore);
        assertThat(HostTool.run(List.of("qemu-img", "check", "-U", v1Base.toString())).exitCode()).isZero();
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static LibvirtSettings settings() {
        return settingsUsed;
    }

    private static Path hostKernelAsGuest() throws IOException {
        Path kernel = AccelerationProbeTest.hostKernel();
        String version = kernel.getFileName().toString().substring("vmlinuz-".length());
        Path initrd = Path.of("/boot/initrd.img-" + version);
        if (!Files.isRegularFile(initrd)) {
            fail("no " + initrd + " to boot with the host kernel; build the Nestbox guest into " + NESTBOX_IMAGES);
        }
        return guestImages(kernel, initrd);
    }

    /** Copies, because libvirt hands a running guest's kernel and initrd to the qemu user for a while. */
    private static Path guestImages(Path kernel, Path initrd) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(kernel, images.resolve("vmlinuz"));
        Files.copy(initrd, images.resolve("initrd.img"));
        for (Path f : List.of(images.resolve("vmlinuz"), images.resolve("initrd.img"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return images;
    }

    private static void sandbox(String command) {
        HostTool.Result result = HostTool.run(List.of("sh", script.toString(), command, dir.toString(), NETNS));
        if (result.exitCode() != 0) {
            fail("libvirtd-sandbox.sh " + command + " failed: " + result.output());
        }
    }

    private static void waitFor(Path log, String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isRegularFile(log)
                    && new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        fail("'" + text + "' did not appear in " + log + " within " + timeout.toSeconds() + " s");
    }
}
