package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.Hypervisor.MachineState;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against libvirt's test driver ({@code test:///default}): a real libvirt with an in-memory hypervisor. All
 * connections of one process share its state while one stays open, so each test uses names of its own and
 * {@link #inspector} keeps the state alive and lets the test look at it independently of the adapter.
 */
class LibvirtHypervisorTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5 nestbox";

    @TempDir
    Path tmp;
    Connect inspector;
    LibvirtSettings settings;
    Libvirt libvirt;
    Hypervisor hypervisor;
    String tag;
    final List<Libvirt> closeLater = new ArrayList<>();
    final List<String> logged = new CopyOnWriteArrayList<>();
    final AppenderBase<ILoggingEvent> logRecorder = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logged.add(event.getFormattedMessage());
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        inspector = new Connect("test:///default");
        tag = "t" + ProcessHandle.current().pid() % 10000 + "x" + RUN.incrementAndGet();
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.writeString(images.resolve("vmlinuz"), "kernel");
        Files.writeString(images.resolve("initrd.img"), "initrd");
        settings = LibvirtSettings.defaults()
                .withUri("test:///default")
                .withNetwork("nb-" + tag, "nb" + tag, "10.77.0.0/24")
                .withPool("nb-" + tag, tmp.resolve("disks"))
                .withConsoleLogDir(tmp.resolve("console"))
                .withAccel(LibvirtSettings.Accel.TCG)
                .withImage("micro", new LibvirtSettings.Guest.Builtin(images))
                .withFirewall(GuestFirewall.disabled()); // the test driver has no nwfilter (QemuSystemTest has)
        libvirt = new Libvirt(settings);
        hypervisor = libvirt.hypervisor();
        logRecorder.start();
        packageLogger().addAppender(logRecorder);
    }

    private static Logger packageLogger() {
        return (Logger) LoggerFactory.getLogger(LibvirtHypervisor.class.getPackageName());
    }

    @AfterEach
    void tearDown() throws Exception {
        packageLogger().detachAppender(logRecorder);
        for (String name : inspector.listDefinedDomains()) {
            if (name.startsWith("nestbox-" + tag)) {
                inspector.domainLookupByName(name).undefine();
            }
        }
        for (int id : inspector.listDomains()) {
            Domain domain = inspector.domainLookupByID(id);
            if (domain.getName().startsWith("nestbox-" + tag)) {
                domain.destroy();
                domain.undefine();
            }
        }
        closeLater.forEach(Libvirt::close);
        libvirt.close();
        inspector.close();
    }

    Machine machine(String suffix, int lastOctet) {
        return new Machine(new HostingId(1000 + lastOctet), SiteName.of(tag + suffix), Ipv4Address.parse("10.77.0." + lastOctet),
                new Plan("micro", "micro", 128, 1, 1024), KEY);
    }

    @Test
    void prepare_makes_an_isolated_nat_network_and_a_directory_pool_both_active_and_autostarted() throws Exception {
        hypervisor.prepare();
        hypervisor.prepare();

        Network network = inspector.networkLookupByName("nb-" + tag);
        assertThat(network.isActive()).isEqualTo(1);
        assertThat(network.getAutostart()).isTrue();
        assertThat(network.getBridgeName()).isEqualTo("nb" + tag);
        String xml = network.getXMLDesc(0);
        assertThat(xml).contains("<forward mode='nat'").contains("<port isolated='yes'/>")
                .contains("address='10.77.0.1'").contains("netmask='255.255.255.0'");
        StoragePool pool = inspector.storagePoolLookupByName("nb-" + tag);
        assertThat(pool.isActive()).isEqualTo(1);
        assertThat(pool.getAutostart()).isTrue();
        assertThat(pool.getXMLDesc(0)).contains("<pool type='dir'>").contains(tmp.resolve("disks").toString());
        assertThat(tmp.resolve("console")).isDirectory();
        assertThat(inspector.networkLookupByName("default").isActive()).as("libvirt's own network untouched")
                .isEqualTo(1);
    }

    @Test
    void prepare_starts_a_network_and_pool_that_exist_but_are_stopped() throws Exception {
        hypervisor.prepare();
        inspector.networkLookupByName("nb-" + tag).destroy();
        inspector.storagePoolLookupByName("nb-" + tag).destroy();

        hypervisor.prepare();

        assertThat(inspector.networkLookupByName("nb-" + tag).isActive()).isEqualTo(1);
        assertThat(inspector.storagePoolLookupByName("nb-" + tag).isActive()).isEqualTo(1);
    }

    @Test
    void prepare_adopts_a_network_and_pool_that_match_the_configuration_whoever_defined_them() throws Exception {
        Network network = inspector.networkDefineXML("""
                <network>
                  <name>nb-%s</name>
                  <forward/>
                  <bridge name='nb%s' stp='off'/>
                  <port isolated='yes'/>
                  <ip family='ipv4' address='10.77.0.1' prefix='24'/>
                </network>
                """.formatted(tag, tag));
        StoragePool pool = inspector.storagePoolDefineXML(
                ResourceXml.directoryPool("nb-" + tag, Files.createDirectories(tmp.resolve("disks"))), 0);

        hypervisor.prepare();

        Network adopted = inspector.networkLookupByName("nb-" + tag);
        assertThat(adopted.getUUIDString()).as("not defined anew").isEqualTo(network.getUUIDString());
        assertThat(adopted.isActive()).isEqualTo(1);
        assertThat(adopted.getXMLDesc(0)).contains("prefix='24'");
        StoragePool adoptedPool = inspector.storagePoolLookupByName("nb-" + tag);
        assertThat(adoptedPool.getUUIDString()).as("not defined anew").isEqualTo(pool.getUUIDString());
        assertThat(adoptedPool.isActive()).isEqualTo(1);
        assertThat(logged).noneMatch(line -> line.contains("defined anew"));
    }

    @Test
    void prepare_defines_anew_a_differing_network_of_ours_that_no_machine_uses_and_logs_the_changes()
            throws Exception {
        Network old = inspector.networkDefineXML(ResourceXml.network("nb-" + tag, "nc" + tag,
                Ipv4Subnet.parse("10.66.0.0/24")));
        old.create();

        hypervisor.prepare();

        Network network = inspector.networkLookupByName("nb-" + tag);
        assertThat(network.getUUIDString()).isNotEqualTo(old.getUUIDString());
        assertThat(network.isActive()).isEqualTo(1);
        assertThat(network.getAutostart()).isTrue();
        assertThat(ResourceDrift.network(network.getXMLDesc(0), "nb" + tag, settings.subnet())).isEmpty();
        assertThat(ResourceDrift.definedByUs(network.getXMLDesc(0))).isTrue();
        assertThat(logged).anySatisfy(line -> assertThat(line)
                .contains("network nb-" + tag + " differed")
                .contains("subnet 10.66.0.0/24 with host address 10.66.0.1 -> 10.77.0.0/24 with host address 10.77.0.1")
                .contains("bridge nc" + tag + " -> nb" + tag));
    }

    @Test
    void prepare_refuses_a_differing_network_a_machine_uses_naming_both_values() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);
        String uuid = inspector.networkLookupByName("nb-" + tag).getUUIDString();
        Libvirt changed = new Libvirt(settings.withNetwork("nb-" + tag, "nc" + tag, "10.66.0.0/24"));
        closeLater.add(changed);

        assertThatThrownBy(() -> changed.hypervisor().prepare())
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageStartingWith("libvirt network 'nb-" + tag + "' differs from the configuration: ")
                .hasMessageContaining("subnet is 10.77.0.0/24 with host address 10.77.0.1 but should be"
                        + " 10.66.0.0/24 with host address 10.66.0.1 (setting subnet)")
                .hasMessageContaining("bridge is nb" + tag + " but should be nc" + tag + " (setting bridge)")
                .hasMessageContaining("it is used by 1 machine (nestbox-" + tag + "a)")
                .hasMessageNotContaining("not defined by Nestbox")
                .hasMessageContaining("virsh -c test:///default net-destroy nb-" + tag
                        + "; virsh -c test:///default net-undefine nb-" + tag);
        Network network = inspector.networkLookupByName("nb-" + tag);
        assertThat(network.getUUIDString()).as("left alone").isEqualTo(uuid);
        assertThat(network.isActive()).isEqualTo(1);
        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.RUNNING);
    }

    @Test
    void prepare_refuses_a_differing_network_it_did_not_define_even_when_no_machine_uses_it() throws Exception {
        Network foreign = inspector.networkDefineXML("""
                <network>
                  <name>nb-%s</name>
                  <forward mode='nat'/>
                  <bridge name='nb%s'/>
                  <ip address='10.66.0.1' netmask='255.255.255.0'/>
                </network>
                """.formatted(tag, tag));

        assertThatThrownBy(hypervisor::prepare)
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("'nb-" + tag + "'")
                .hasMessageContaining("10.66.0.0/24")
                .hasMessageContaining("10.77.0.0/24")
                .hasMessageContaining("port isolation is off but should be on")
                .hasMessageContaining("because it was not defined by Nestbox.")
                .hasMessageContaining("virsh -c test:///default net-undefine nb-" + tag);
        assertThat(inspector.networkLookupByName("nb-" + tag).getUUIDString()).isEqualTo(foreign.getUUIDString());
    }

    @Test
    void prepare_defines_anew_an_empty_pool_at_another_path() throws Exception {
        Path oldPath = Files.createDirectories(tmp.resolve("old-disks"));
        StoragePool old = inspector.storagePoolDefineXML(ResourceXml.directoryPool("nb-" + tag, oldPath), 0);

        hypervisor.prepare();

        StoragePool pool = inspector.storagePoolLookupByName("nb-" + tag);
        assertThat(pool.getUUIDString()).isNotEqualTo(old.getUUIDString());
        assertThat(ResourceDrift.pool(pool.getXMLDesc(0), tmp.resolve("disks"))).isEmpty();
        assertThat(pool.isActive()).isEqualTo(1);
        assertThat(pool.getAutostart()).isTrue();
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("storage pool nb-" + tag + " differed")
                .contains("path " + oldPath + " -> " + tmp.resolve("disks")));
    }

    @Test
    void prepare_refuses_a_pool_at_another_path_holding_a_disk_a_machine_uses() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);
        Libvirt moved = new Libvirt(settings.withPool("nb-" + tag, tmp.resolve("new-disks")));
        closeLater.add(moved);

        assertThatThrownBy(() -> moved.hypervisor().prepare())
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageStartingWith("libvirt storage pool 'nb-" + tag + "' differs from the configuration: ")
                .hasMessageContaining("path is " + tmp.resolve("disks") + " but should be " + tmp.resolve("new-disks")
                        + " (setting poolPath)")
                .hasMessageContaining("it holds 1 volume (" + tag + "a.1002.qcow2) and it is used by 1 machine (nestbox-"
                        + tag + "a)")
                .hasMessageContaining("virsh -c test:///default pool-undefine nb-" + tag);
        StoragePool pool = inspector.storagePoolLookupByName("nb-" + tag);
        assertThat(ResourceDrift.pool(pool.getXMLDesc(0), tmp.resolve("disks"))).as("left alone").isEmpty();
        assertThat(pool.listVolumes()).containsExactly(tag + "a.1002.qcow2");
    }

    @Test
    void prepare_refuses_a_pool_at_another_path_holding_a_disk_even_when_no_machine_uses_it() throws Exception {
        hypervisor.createDisk(machine("a", 2));
        Libvirt moved = new Libvirt(settings.withPool("nb-" + tag, tmp.resolve("new-disks")));
        closeLater.add(moved);

        assertThatThrownBy(() -> moved.hypervisor().prepare())
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("because it holds 1 volume (" + tag + "a.1002.qcow2).")
                .hasMessageContaining("move its volumes to " + tmp.resolve("new-disks"));
        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).containsExactly(tag + "a.1002.qcow2");
    }

    @Test
    void create_disk_makes_a_qcow2_volume_of_the_configured_size_once() throws Exception {
        hypervisor.prepare();
        Machine alice = machine("a", 2);

        hypervisor.createDisk(alice);
        hypervisor.createDisk(alice);

        StoragePool pool = inspector.storagePoolLookupByName("nb-" + tag);
        assertThat(pool.listVolumes()).containsExactly(tag + "a.1002.qcow2");
        StorageVol volume = pool.storageVolLookupByName(tag + "a.1002.qcow2");
        assertThat(volume.getInfo().capacity).isEqualTo(1024L * 1024 * 1024);
        assertThat(volume.getXMLDesc(0)).contains("<format type='qcow2'/>");
    }

    @Test
    void create_disk_sets_up_the_pool_if_prepare_never_ran() throws Exception {
        hypervisor.createDisk(machine("a", 2));

        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).containsExactly(tag + "a.1002.qcow2");
    }

    @Test
    void start_defines_and_runs_the_machine_with_autostart_and_is_idempotent() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.prepare();
        hypervisor.createDisk(alice);

        hypervisor.start(alice);
        hypervisor.start(alice);

        Domain domain = inspector.domainLookupByName("nestbox-" + tag + "a");
        assertThat(domain.isActive()).isEqualTo(1);
        assertThat(domain.getAutostart()).isTrue();
        assertThat(domain.getXMLDesc(0))
                .contains("nestbox.ip=10.77.0.2/24 nestbox.gw=10.77.0.1 nestbox.site=" + tag + "a")
                .contains("<mac address='52:54:00:4d:00:02'/>");
        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.RUNNING);
    }

    @Test
    void start_runs_a_machine_that_is_defined_but_stopped() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);
        inspector.domainLookupByName("nestbox-" + tag + "a").destroy();
        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.STOPPED);

        hypervisor.start(alice);

        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.RUNNING);
    }

    @Test
    void start_resumes_a_paused_machine() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);
        inspector.domainLookupByName("nestbox-" + tag + "a").suspend();
        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.PAUSED);

        hypervisor.start(alice);

        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.RUNNING);
    }

    @Test
    void without_a_network_filter_driver_prepare_refuses_to_run_guests_unfiltered() {
        Libvirt filtered = new Libvirt(settings.withFirewall(GuestFirewall.defaults()));
        closeLater.add(filtered);

        assertThatThrownBy(() -> filtered.hypervisor().prepare())
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("no network filter driver (nwfilter)")
                .hasMessageContaining("hypervisor.firewall.enabled");
    }

    @Test
    void start_defines_a_stopped_machine_anew_from_the_configuration_keeping_its_identity() throws Exception {
        Machine m = machine("r", 31);
        hypervisor.prepare();
        hypervisor.createDisk(m);
        hypervisor.start(m);
        Domain before = inspector.domainLookupByName("nestbox-" + m.site().value());
        String uuid = before.getUUIDString();
        before.destroy();

        Libvirt limited = new Libvirt(settings.withResources(new GuestResources(0, 0, 777, 0, 0)));
        closeLater.add(limited);
        limited.hypervisor().start(m);

        Domain after = inspector.domainLookupByName("nestbox-" + m.site().value());
        assertThat(after.getUUIDString()).isEqualTo(uuid);
        assertThat(after.isActive()).isEqualTo(1);
        assertThat(after.getXMLDesc(0)).contains("<total_iops_sec>777</total_iops_sec>");
    }

    @Test
    void the_console_log_is_made_readable_by_the_server_and_emptied_before_each_start() throws Exception {
        Machine m = machine("c", 32);
        Path log = tmp.resolve("console").resolve(m.site().value() + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "NESTBOX-HOSTKEY of an earlier boot\n");
        hypervisor.prepare();
        hypervisor.createDisk(m);

        hypervisor.start(m);

        assertThat(log).exists().isEmptyFile();
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(libvirt.consoleLog(m.site())).contains("");
        Files.writeString(log, "NESTBOX-HOSTKEY ssh-ed25519 AAAA SHA256:x\r\n");
        assertThat(libvirt.consoleLog(m.site())).contains("NESTBOX-HOSTKEY ssh-ed25519 AAAA SHA256:x\r\n");
        assertThat(libvirt.consoleLog(SiteName.of("nobody"))).isEmpty();
    }

    @Test
    void state_of_an_unknown_site_is_absent() {
        assertThat(hypervisor.state(SiteName.of(tag + "nobody"))).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void destroy_removes_machine_disk_and_console_log_and_can_run_again() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.prepare();
        hypervisor.createDisk(alice);
        hypervisor.start(alice);
        Path log = tmp.resolve("console").resolve(tag + "a.log");
        Files.writeString(log, "booted\n");

        hypervisor.destroy(alice.hosting(), alice.site());
        hypervisor.destroy(alice.hosting(), alice.site());

        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.ABSENT);
        assertThat(List.of(inspector.listDefinedDomains())).doesNotContain("nestbox-" + tag + "a");
        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).isEmpty();
        assertThat(log).doesNotExist();
        assertThat(hypervisor.machines()).doesNotContain(alice.site());
    }

    @Test
    void destroy_of_a_site_that_never_existed_is_fine_even_without_a_pool() {
        hypervisor.destroy(new HostingId(1), SiteName.of(tag + "ghost"));

        assertThat(hypervisor.state(SiteName.of(tag + "ghost"))).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void destroy_removes_a_disk_whose_machine_was_never_started() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);

        hypervisor.destroy(alice.hosting(), alice.site());

        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).isEmpty();
    }

    @Test
    void machines_lists_running_and_stopped_machines_of_ours_only() throws Exception {
        Machine alice = machine("a", 2);
        Machine bob = machine("b", 3);
        hypervisor.createDisk(alice);
        hypervisor.createDisk(bob);
        hypervisor.start(alice);
        hypervisor.start(bob);
        inspector.domainLookupByName("nestbox-" + tag + "b").destroy();

        List<SiteName> machines = hypervisor.machines();

        assertThat(machines).contains(alice.site(), bob.site());
        assertThat(List.of(inspector.listDomains())).isNotEmpty();
        assertThat(machines).extracting(SiteName::value).doesNotContain("test"); // the driver's own domain
    }

    @Test
    void missing_guest_kernel_is_reported_with_how_to_build_it() throws Exception {
        Files.delete(tmp.resolve("images").resolve("vmlinuz"));
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);

        assertThatThrownBy(() -> hypervisor.start(alice))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining(tmp.resolve("images").resolve("vmlinuz").toString())
                .hasMessageContaining("guest/build");
        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void a_machine_outside_the_subnet_is_refused_before_libvirt_is_asked() {
        Machine stray = new Machine(new HostingId(1), SiteName.of(tag + "s"), Ipv4Address.parse("10.99.0.2"), new Plan("micro", "micro", 128, 1, 1024), KEY);

        assertThatThrownBy(() -> hypervisor.start(stray)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("10.99.0.2 is not a guest address");
        assertThatThrownBy(() -> hypervisor.createDisk(machine("g", 1))).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("is not a guest address");
        assertThat(hypervisor.state(stray.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void a_lost_connection_is_reopened_and_the_call_retried() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);

        libvirt.connection().breakForTest();

        assertThat(hypervisor.state(alice.site())).isEqualTo(MachineState.RUNNING);
        assertThat(hypervisor.machines()).contains(alice.site());
    }

    @Test
    void an_unreachable_libvirtd_is_a_dependency_failure_that_says_what_to_do() {
        Path socket = tmp.resolve("no-such-libvirt-sock");
        try (Libvirt nowhere = new Libvirt(settings.withUri("qemu+unix:///system?socket=" + socket))) {
            assertThatThrownBy(() -> nowhere.hypervisor().state(SiteName.of("alice")))
                    .isInstanceOf(LibvirtUnavailable.class)
                    .isInstanceOf(DependencyFailure.class)
                    .hasMessageContaining("qemu+unix:///system")
                    .hasMessageContaining("libvirtd -d")
                    .satisfies(e -> assertThat(((DependencyFailure) e).dependency()).isEqualTo("hypervisor"));
        }
    }

    @Test
    void libvirt_errors_become_dependency_failures_naming_what_failed() throws Exception {
        StoragePool squatter = inspector.storagePoolDefineXML(
                ResourceXml.directoryPool("other-" + tag, tmp.resolve("disks")), 0);
        try {
            assertThatThrownBy(hypervisor::prepare)
                    .isInstanceOf(LibvirtUnavailable.class)
                    .hasMessageStartingWith("libvirt could not set up network 'nb-" + tag + "' and storage pool 'nb-"
                            + tag + "'")
                    .hasMessageContaining("conflict");
        } finally {
            squatter.undefine();
        }
    }

    @Test
    void cloud_image_sites_get_an_overlay_disk_as_large_as_the_base_and_a_cidata_seed() throws Exception {
        Path qemuImg = HostTool.require("qemu-img", "qemu-utils");
        HostTool.require(SeedImage.TOOL, SeedImage.TOOL_PACKAGE);
        Path base = tmp.resolve("debian-12-genericcloud.qcow2");
        assertThat(HostTool.run(List.of(qemuImg.toString(), "create", "-q", "-f", "qcow2", base.toString(), "2G"))
                .exitCode()).isZero();
        Path seeds = tmp.resolve("seeds");
        Libvirt cloudLibvirt = new Libvirt(settings.withImage("micro", new LibvirtSettings.Guest.CloudImage(base, seeds)));
        closeLater.add(cloudLibvirt);
        Hypervisor cloud = cloudLibvirt.hypervisor();
        Machine alice = machine("a", 2);

        cloud.createDisk(alice);
        cloud.start(alice);

        StorageVol volume = inspector.storagePoolLookupByName("nb-" + tag).storageVolLookupByName(tag + "a.1002.qcow2");
        assertThat(volume.getInfo().capacity).as("grown to the base's 2 GiB").isEqualTo(2048L * 1024 * 1024);
        assertThat(volume.getXMLDesc(0)).contains("<backingStore>").contains(base.toString());
        Path seed = seeds.resolve(tag + "a.1002-cidata.iso");
        assertThat(seed).isRegularFile();
        assertThat(inspector.domainLookupByName("nestbox-" + tag + "a").getXMLDesc(0))
                .contains(seed.toString()).contains("<boot dev='hd'/>");
        assertThat(cloud.state(alice.site())).isEqualTo(MachineState.RUNNING);

        cloud.destroy(alice.hosting(), alice.site());

        assertThat(seed).doesNotExist();
        assertThat(cloud.state(alice.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void disk_image_sites_get_an_overlay_on_the_current_base_and_keep_booting_its_version() throws Exception {
        DiskImageFixture image = new DiskImageFixture(tmp.resolve("images-debian"));
        Path v1 = image.addVersion("v1", "2G", "root=/dev/vda rw net.ifnames=0\n");
        image.makeCurrent("v1");
        Libvirt both = new Libvirt(settings.withImage("debian-12", new LibvirtSettings.Guest.Disk(image.dir)));
        closeLater.add(both);
        Hypervisor hv = both.hypervisor();
        Plan debian = new Plan("debian-12", "debian-12", 512, 1, 1024);
        Machine alice = new Machine(new HostingId(1002), SiteName.of(tag + "a"), Ipv4Address.parse("10.77.0.2"),
                debian, KEY);
        Machine bob = new Machine(new HostingId(1003), SiteName.of(tag + "b"), Ipv4Address.parse("10.77.0.3"),
                debian, KEY);
        assertThat(hv.canBoot("debian-12")).isTrue();
        assertThat(hv.canBoot("micro")).isTrue();
        assertThat(hv.canBoot("ubuntu")).isFalse();

        hv.createDisk(alice);
        hv.start(alice);

        Path v1Base = v1.resolve("base.qcow2").toRealPath();
        StorageVol volume = inspector.storagePoolLookupByName("nb-" + tag).storageVolLookupByName(tag + "a.1002.qcow2");
        assertThat(volume.getInfo().capacity).as("grown to the base's 2 GiB").isEqualTo(2048L * 1024 * 1024);
        assertThat(DiskPool.backingFile(volume.getXMLDesc(0))).contains(v1Base);
        String domain = inspector.domainLookupByName("nestbox-" + tag + "a").getXMLDesc(0);
        assertThat(domain).contains("<kernel>" + v1.toRealPath().resolve("vmlinuz") + "</kernel>")
                .contains("<cmdline>root=/dev/vda rw net.ifnames=0 console=ttyS0 ")
                .contains("<memory unit='KiB'>524288</memory>");

        Path v2 = image.addVersion("v2", "1G", "root=/dev/vda ro");
        image.makeCurrent("v2");
        hv.start(alice); // redefined with the current definition: still its own base's kernel
        hv.createDisk(bob);
        hv.start(bob);

        assertThat(inspector.domainLookupByName("nestbox-" + tag + "a").getXMLDesc(0))
                .contains("<kernel>" + v1.toRealPath().resolve("vmlinuz") + "</kernel>");
        StorageVol bobs = inspector.storagePoolLookupByName("nb-" + tag).storageVolLookupByName(tag + "b.1003.qcow2");
        assertThat(bobs.getInfo().capacity).as("the plan's 1 GiB, as large as the new base")
                .isEqualTo(1024L * 1024 * 1024);
        assertThat(DiskPool.backingFile(bobs.getXMLDesc(0))).contains(v2.resolve("base.qcow2").toRealPath());
        assertThat(inspector.domainLookupByName("nestbox-" + tag + "b").getXMLDesc(0))
                .contains("<kernel>" + v2.toRealPath().resolve("vmlinuz") + "</kernel>")
                .contains("<cmdline>root=/dev/vda ro console=ttyS0 ");
        assertThat(hv.resources(alice.site())).containsExactlyInAnyOrder(
                resource(Hypervisor.Kind.MACHINE, "nestbox-" + tag + "a", alice.site(), 1002L),
                resource(Hypervisor.Kind.DISK, tag + "a.1002.qcow2", alice.site(), 1002L));

        hv.destroy(alice.hosting(), alice.site());
        hv.destroy(bob.hosting(), bob.site());

        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).isEmpty();
        assertThat(v1Base).isRegularFile();
        assertThat(hv.state(alice.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void a_machine_whose_image_is_not_configured_is_refused_before_libvirt_is_asked() throws Exception {
        Machine debian = new Machine(new HostingId(1002), SiteName.of(tag + "a"), Ipv4Address.parse("10.77.0.2"),
                new Plan("debian-12", "debian-12", 512, 1, 4096), KEY);

        assertThat(hypervisor.canBoot("debian-12")).isFalse();
        assertThatThrownBy(() -> hypervisor.createDisk(debian)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("image 'debian-12'").hasMessageContaining("hypervisor.images");
        assertThatThrownBy(() -> hypervisor.start(debian)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("image 'debian-12'");
        assertThat(hypervisor.resources(debian.site())).isEmpty();
    }

    @Test
    void a_disk_image_machine_whose_disk_is_missing_is_refused() throws Exception {
        DiskImageFixture image = new DiskImageFixture(tmp.resolve("images-debian"));
        image.addVersion("v1", "64M", "");
        image.makeCurrent("v1");
        Libvirt both = new Libvirt(settings.withImage("debian-12", new LibvirtSettings.Guest.Disk(image.dir)));
        closeLater.add(both);
        Machine alice = new Machine(new HostingId(1002), SiteName.of(tag + "a"), Ipv4Address.parse("10.77.0.2"),
                new Plan("debian-12", "debian-12", 512, 1, 1024), KEY);

        assertThatThrownBy(() -> both.hypervisor().start(alice)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining(tag + "a.1002.qcow2").hasMessageContaining("before its disk is made");
    }

    @Test
    void a_missing_cloud_image_is_reported_with_the_setting_to_fix() {
        Libvirt cloudLibvirt = new Libvirt(settings.withImage("micro", new LibvirtSettings.Guest.CloudImage(
                tmp.resolve("absent.qcow2"), tmp.resolve("seeds"))));
        closeLater.add(cloudLibvirt);
        Hypervisor cloud = cloudLibvirt.hypervisor();

        assertThatThrownBy(() -> cloud.createDisk(machine("a", 2)))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("absent.qcow2")
                .hasMessageContaining("hypervisor.images");
    }

    @Test
    void many_threads_share_one_connection_safely() throws Exception {
        hypervisor.prepare();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MachineState>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Machine m = machine("m" + i, 10 + i);
                results.add(pool.submit((Callable<MachineState>) () -> {
                    hypervisor.createDisk(m);
                    hypervisor.start(m);
                    hypervisor.machines();
                    return hypervisor.state(m.site());
                }));
            }
            for (Future<MachineState> result : results) {
                assertThat(result.get()).isEqualTo(MachineState.RUNNING);
            }
            assertThat(hypervisor.machines()).hasSizeGreaterThanOrEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- ownership: a hosting's things carry its id -------------------------------------------------------

    private Machine sameSiteOtherHosting(Machine machine, long hosting) {
        return new Machine(new HostingId(hosting), machine.site(), machine.address(), machine.plan(),
                machine.provisioningPublicKey());
    }

    private static Hypervisor.Resource resource(Hypervisor.Kind kind, String name, SiteName site, Long hosting) {
        return new Hypervisor.Resource(kind, name, site, Optional.ofNullable(hosting).map(HostingId::new));
    }

    @Test
    void the_machine_records_its_hosting_in_its_metadata_and_the_disk_in_its_name() throws Exception {
        Machine alice = machine("a", 2);
        hypervisor.createDisk(alice);
        hypervisor.start(alice);

        String xml = inspector.domainLookupByName("nestbox-" + tag + "a").getXMLDesc(0);
        assertThat(xml).contains("https://nestbox.dev/xmlns/hosting").containsPattern("<nestbox:hosting [^>]*id=.1002.");
        assertThat(DomainXml.hosting(xml)).contains(new HostingId(1002));
        assertThat(xml).contains("volume='" + tag + "a.1002.qcow2'");
        assertThat(hypervisor.resources(alice.site())).containsExactlyInAnyOrder(
                resource(Hypervisor.Kind.MACHINE, "nestbox-" + tag + "a", alice.site(), 1002L),
                resource(Hypervisor.Kind.DISK, tag + "a.1002.qcow2", alice.site(), 1002L));
        assertThat(hypervisor.resources()).contains(
                resource(Hypervisor.Kind.MACHINE, "nestbox-" + tag + "a", alice.site(), 1002L),
                resource(Hypervisor.Kind.DISK, tag + "a.1002.qcow2", alice.site(), 1002L));
    }

    @Test
    void a_disk_left_by_an_earlier_hosting_of_the_same_site_is_refused_not_adopted() throws Exception {
        Machine earlier = machine("a", 2);
        hypervisor.createDisk(earlier);
        Machine later = sameSiteOtherHosting(earlier, 77);

        assertThatThrownBy(() -> hypervisor.createDisk(later))
                .isInstanceOf(Hypervisor.ForeignLeftover.class)
                .hasMessageContaining("disk " + tag + "a.1002.qcow2 (hosting 1002)")
                .hasMessageContaining("does not reuse it for hosting 77");
        assertThatThrownBy(() -> hypervisor.start(later)).isInstanceOf(Hypervisor.ForeignLeftover.class);

        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).containsExactly(tag + "a.1002.qcow2");
        assertThat(hypervisor.state(later.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void a_machine_defined_for_another_hosting_is_refused_and_left_running_as_it_was() throws Exception {
        Machine earlier = machine("a", 2);
        hypervisor.createDisk(earlier);
        hypervisor.start(earlier);
        String uuid = inspector.domainLookupByName("nestbox-" + tag + "a").getUUIDString();
        hypervisor.destroy(new HostingId(77), earlier.site()); // another hosting's destroy takes nothing of it

        assertThatThrownBy(() -> hypervisor.start(sameSiteOtherHosting(earlier, 77)))
                .isInstanceOf(Hypervisor.ForeignLeftover.class)
                .satisfies(e -> assertThat(((Hypervisor.ForeignLeftover) e).leftover().hosting())
                        .contains(new HostingId(1002)));

        Domain domain = inspector.domainLookupByName("nestbox-" + tag + "a");
        assertThat(domain.getUUIDString()).isEqualTo(uuid);
        assertThat(DomainXml.hosting(domain.getXMLDesc(0))).contains(new HostingId(1002));
        assertThat(hypervisor.state(earlier.site())).isEqualTo(MachineState.RUNNING);
        assertThat(inspector.storagePoolLookupByName("nb-" + tag).listVolumes()).containsExactly(tag + "a.1002.qcow2");
    }

    @Test
    void things_made_before_hosting_ids_are_refused_to_a_new_hosting_and_removed_with_the_hosting_that_holds_the_site()
            throws Exception {
        Machine legacy = machine("l", 5);
        hypervisor.prepare();
        // What the previous version made: a domain without our metadata and a disk named by the site alone.
        String xml = new DomainXml(settings).render(legacy, Accelerator.TCG)
                .replaceAll("(?s)  <metadata>.*</metadata>\n", "")
                .replace(tag + "l.1005.qcow2", tag + "l.qcow2");
        inspector.storagePoolLookupByName("nb-" + tag).storageVolCreateXML(
                ResourceXml.emptyVolume(tag + "l.qcow2", 64), 0);
        inspector.domainDefineXML(xml);

        assertThat(hypervisor.resources(legacy.site())).containsExactlyInAnyOrder(
                resource(Hypervisor.Kind.MACHINE, "nestbox-" + tag + "l", legacy.site(), null),
                resource(Hypervisor.Kind.DISK, tag + "l.qcow2", legacy.site(), null));
        assertThatThrownBy(() -> hypervisor.createDisk(legacy))
                .isInstanceOf(Hypervisor.ForeignLeftover.class)
                .hasMessageContaining("(no hosting recorded)");
        assertThatThrownBy(() -> hypervisor.start(legacy)).isInstanceOf(Hypervisor.ForeignLeftover.class);

        hypervisor.destroy(legacy.hosting(), legacy.site());

        assertThat(hypervisor.resources(legacy.site())).isEmpty();
        assertThat(hypervisor.state(legacy.site())).isEqualTo(MachineState.ABSENT);
    }

    @Test
    void a_seed_of_an_earlier_hosting_is_refused_listed_and_kept_by_another_hostings_destroy() throws Exception {
        Path seeds = Files.createDirectories(tmp.resolve("seeds"));
        Libvirt cloudLibvirt = new Libvirt(settings.withImage("micro", new LibvirtSettings.Guest.CloudImage(
                tmp.resolve("base.qcow2"), seeds)));
        closeLater.add(cloudLibvirt);
        Hypervisor cloud = cloudLibvirt.hypervisor();
        Machine alice = machine("a", 2);
        Path earlier = Files.writeString(seeds.resolve(tag + "a.9-cidata.iso"), "an earlier tenant's seed");
        Files.writeString(seeds.resolve("notes.txt"), "not a seed");

        assertThat(cloud.resources(alice.site())).containsExactly(
                resource(Hypervisor.Kind.SEED, tag + "a.9-cidata.iso", alice.site(), 9L));
        assertThatThrownBy(() -> cloud.createDisk(alice))
                .isInstanceOf(Hypervisor.ForeignLeftover.class)
                .hasMessageContaining("cloud-init seed " + tag + "a.9-cidata.iso (hosting 9)");

        cloud.destroy(alice.hosting(), alice.site());

        assertThat(earlier).exists();
        assertThat(cloud.resources()).contains(resource(Hypervisor.Kind.SEED, tag + "a.9-cidata.iso", alice.site(), 9L));
    }
}
