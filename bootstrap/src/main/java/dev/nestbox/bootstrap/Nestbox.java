package dev.nestbox.bootstrap;

import com.codahale.metrics.health.HealthCheck;
import dev.nestbox.adapters.libvirt.GuestFirewall;
import dev.nestbox.adapters.libvirt.GuestResources;
import dev.nestbox.adapters.libvirt.Libvirt;
import dev.nestbox.adapters.libvirt.LibvirtSettings;
import dev.nestbox.adapters.nginx.MainConfig;
import dev.nestbox.adapters.nginx.Nginx;
import dev.nestbox.adapters.nginx.NginxSettings;
import dev.nestbox.adapters.nginx.ReloadListener;
import dev.nestbox.adapters.postgres.PostgresStore;
import dev.nestbox.adapters.rest.RestApi;
import dev.nestbox.adapters.rest.security.BcryptPasswordHasher;
import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.adapters.rest.security.JwtTokenService;
import dev.nestbox.adapters.ssh.GuestSsh;
import dev.nestbox.adapters.ssh.GuestSshSettings;
import dev.nestbox.application.health.Dependencies;
import dev.nestbox.application.health.HealingSettings;
import dev.nestbox.application.health.MachineHealer;
import dev.nestbox.application.health.MachineSurvey;
import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.application.provisioning.ProvisioningSettings;
import dev.nestbox.application.provisioning.ProvisioningWorker;
import dev.nestbox.application.provisioning.WarmPool;
import dev.nestbox.application.routing.RouteReconciler;
import dev.nestbox.application.service.AuthenticateService;
import dev.nestbox.application.service.DeleteHostingService;
import dev.nestbox.application.service.HostingQueries;
import dev.nestbox.application.service.HostingTeardown;
import dev.nestbox.application.service.LeftoverLookup;
import dev.nestbox.application.service.LogInService;
import dev.nestbox.application.service.OrphanMachines;
import dev.nestbox.application.service.PublicEndpoints;
import dev.nestbox.application.service.RegisterUserService;
import dev.nestbox.application.service.RequestHostingService;
import dev.nestbox.application.service.ListPlansService;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.bootstrap.config.AuthSettings;
import dev.nestbox.bootstrap.config.GuestFirewallConfig;
import dev.nestbox.bootstrap.config.GuestResourcesConfig;
import dev.nestbox.bootstrap.config.HypervisorConfig;
import dev.nestbox.bootstrap.config.ImageConfig;
import dev.nestbox.bootstrap.config.ProxyConfig;
import dev.nestbox.domain.allocation.AddressAllocator;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.allocation.PortAllocator;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.plan.PlanCatalog;
import dev.nestbox.domain.quota.QuotaPolicy;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The composition root: reads the configuration and builds every adapter and use case. The web server and the
 * admin console both start from here and add only their own edge.
 */
public final class Nestbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Nestbox.class);
    private static final String SITE_USER = "web";
    /**
     * How long a step or teardown waits for a site another process (the console, a second server) works on; a
     * provisioning step rarely holds its site for more than a minute, so a longer wait means that process is stuck.
     */
    private static final Duration SITE_LOCK_WAIT = Duration.ofMinutes(5);
    /** The hypervisor's name among the dependencies provisioning waits for. */
    private static final String HYPERVISOR = "hypervisor";

    private final NestboxConfiguration config;
    private final Hostings hostings;
    private final Clock clock;
    private final Libvirt libvirt;
    private final Nginx nginx;
    private final Hypervisor hypervisor;
    private final ReverseProxy proxy;
    private final HealingJournal healingJournal;
    private final ProvisioningWorker worker;
    private final RouteReconciler reconciler;
    private final MachineHealer healer;
    private final LeftoverLookup leftovers;
    private final RestApi.UseCases restUseCases;
    private final BoundedPasswordHasher passwordHashing;
    private final HostingQueries queries;
    private final DeleteHostingService deletions;
    private final WarmPool warmPool;

    private Nestbox(NestboxConfiguration config, Jdbi jdbi, Telemetry telemetry, ReloadListener reloads) {
        this.config = config;
        this.clock = Clock.system();
        PostgresStore store = new PostgresStore(jdbi);
        Users users = store.users();
        this.hostings = store.hostings();
        this.healingJournal = store.healingJournal();

        this.passwordHashing = new BoundedPasswordHasher(new BcryptPasswordHasher(config.auth.bcryptCost),
                config.auth.effectiveHashingConcurrency(), config.auth.hashingQueue,
                config.auth.hashingMaxWait.toJavaDuration(), Duration.ofSeconds(1), config.auth.hashingNice);
        JwtTokenService tokens = new JwtTokenService(jwtSecret(config.auth), config.auth.issuer,
                config.auth.tokenTtl.toJavaDuration());

        this.libvirt = new Libvirt(libvirtSettings(config.hypervisor, config));
        this.hypervisor = libvirt.hypervisor();
        // Host keys are pinned as the guest announced them on its serial console, never trusted on first use.
        GuestSsh ssh = new GuestSsh(GuestSshSettings.defaults(Path.of(config.dataDir))
                .withPorts(config.proxy.guestSshPort, config.proxy.guestHttpPort), libvirt::consoleLog);
        GuestProvisioner guests = ssh.provisioner();
        this.nginx = new Nginx(nginxSettings(config), reloads);
        this.proxy = nginx.reverseProxy();

        // Every process on this database (the server, the admin console, a second server) locks a site through it,
        // so a console's force delete waits for the server's step in progress. A held site keeps one pooled
        // connection in an open transaction and the work under it borrows a second one: holding at most a quarter
        // of the pool's connections for locks leaves at least half of it to requests even when every lock is held.
        SiteLocks locks = new SiteLocks(store.siteMutex(heldSites(config), SITE_LOCK_WAIT));
        HostingTeardown teardown = new HostingTeardown(hostings, hypervisor, proxy, guests, clock, locks);
        // Provisioning waits while either is down instead of failing hostings; prepare() is idempotent, so probing
        // with it also sets the network and pool up again after libvirtd comes back.
        Dependencies dependencies = new Dependencies(List.of(
                new Dependencies.Probe(HYPERVISOR, hypervisor::prepare),
                // nginx down, or its configuration broken by hand (nginx -t fails before any change of ours):
                // publication would fail, so hostings wait for the operator's fix instead.
                new Dependencies.Probe("nginx", () -> nginx.runningProblem().or(nginx::configurationProblem)
                        .ifPresent(problem -> {
                            throw new IllegalStateException(problem);
                        }))));
        this.worker = new ProvisioningWorker(hostings, hypervisor, guests, proxy, clock, locks, teardown,
                ProvisioningSettings.defaults()
                        .withConcurrency(config.provisioning.effectiveConcurrency())
                        .withQueueSize(config.provisioning.queueSize)
                        .withDeadline(config.provisioning.deadline.toJavaDuration())
                        .withSweepInterval(config.provisioning.sweepInterval.toJavaDuration()),
                dependencies, telemetry);
        this.reconciler = new RouteReconciler(hostings, hypervisor, proxy, locks, clock,
                config.provisioning.reconcileInterval.toJavaDuration(), telemetry);
        this.healer = new MachineHealer(hostings, hypervisor, guests, locks, clock,
                HealingSettings.defaults().withPeriod(config.provisioning.healInterval.toJavaDuration()), telemetry,
                healingJournal);

        // POST /host looks for the site name's leftovers, but a stuck or stopped libvirtd must not hold the request:
        // after 2 s it goes on without (the disk and machine steps refuse another hosting's leftovers anyway).
        this.leftovers = new LeftoverLookup(hypervisor::resources, Duration.ofSeconds(2), 4);

        Ipv4Subnet subnet = Ipv4Subnet.parse(config.hosting.subnet);
        PlanCatalog plans = config.hosting.catalog(config.hypervisor.diskMib);
        Predicate<String> imageAvailable = config.provisioning.enabled ? hypervisor::canBoot : image -> true;
        PublicEndpoints endpoints = new PublicEndpoints(URI.create(config.publicEndpoints.sitesUrl),
                config.publicEndpoints.subdomains, config.publicEndpoints.sshHost, SITE_USER);
        QuotaPolicy quota = QuotaPolicy.standard(config.hosting.maximumHostings, config.hosting.memoryBudgetMib);
        PortAllocator sshPorts = new PortAllocator(config.hosting.sshPortFirst, config.hosting.sshPortLast,
                Set.copyOf(config.hosting.excludedPorts));
        AddressAllocator guestAddresses = new AddressAllocator(subnet);
        this.warmPool = new WarmPool(hostings, worker, hypervisor, leftovers, plans, imageAvailable, quota, sshPorts,
                nginx.hostPorts(), guestAddresses, clock, new SecureRandom(), config.provisioning.warmPool,
                config.provisioning.warmPoolBoots);
        boolean pooled = config.provisioning.enabled && warmPool.enabled();
        RequestHostingService requests = new RequestHostingService(users, hostings,
                config.provisioning.enabled ? leftovers : site -> List.of(), ssh.keys(), nginx.hostPorts(),
                quota, sshPorts, guestAddresses, plans, imageAvailable, endpoints,
                config.publicEndpoints.siteNameReservations(), clock, new SecureRandom(),
                config.provisioning.enabled ? worker::offer : hosting -> true, pooled, warmPool::spareTaken);
        this.queries = new HostingQueries(hostings, endpoints);
        this.deletions = new DeleteHostingService(hostings, teardown);
        AuthenticateService authentication = new AuthenticateService(tokens, users, clock);
        this.restUseCases = new RestApi.UseCases(
                new RegisterUserService(users, passwordHashing, clock),
                new LogInService(users, passwordHashing, tokens, clock),
                authentication, authentication,
                requests, queries, deletions, new ListPlansService(plans, imageAvailable));
    }

    /** Sites this process may hold at once: a quarter of the connection pool (database.maxSize), at least one. */
    static int heldSites(NestboxConfiguration config) {
        return Math.max(1, config.database.getMaxSize() / 4);
    }

    public static Nestbox assemble(NestboxConfiguration config, Jdbi jdbi) {
        return assemble(config, jdbi, Telemetry.NONE, ReloadListener.NONE);
    }

    /** As {@link #assemble(NestboxConfiguration, Jdbi)}, reporting to monitoring. */
    public static Nestbox assemble(NestboxConfiguration config, Jdbi jdbi, Telemetry telemetry,
                                   ReloadListener reloads) {
        return new Nestbox(config, jdbi, telemetry, reloads);
    }

    /**
     * Starts provisioning, reconciling routes and healing machines, and returns without waiting for the hypervisor
     * or nginx: while either is down the server still serves the API, its health checks are red, and the worker
     * prepares the hypervisor and resumes unfinished hostings at the first sweep that finds both back.
     */
    public void start() {
        if (!config.provisioning.enabled) {
            LOG.warn("provisioning is disabled (provisioning.enabled: false): hostings are recorded, no machine is made");
            return;
        }
        // Attached even when every size is 0: spares left from a bigger pool are then discarded.
        warmPool.attach();
        if (warmPool.enabled()) {
            LOG.info("warm pool: {} spares per plan, {} booted at once", config.provisioning.warmPool,
                    config.provisioning.warmPoolBoots);
        }
        worker.start();
        reconciler.start();
        healer.start();
    }

    @Override
    public void close() {
        passwordHashing.close();
        healer.close();
        leftovers.close();
        reconciler.close();
        worker.close();
        nginx.close();
        libvirt.close();
    }

    public RestApi.UseCases restUseCases() {
        return restUseCases;
    }

    /** Stored hostings by status, for monitoring; throws when the store does not answer. */
    public Map<HostingStatus, Long> hostingsByStatus() {
        return hostings.inStatus(EnumSet.allOf(HostingStatus.class)).stream()
                .collect(Collectors.groupingBy(Hosting::status, () -> new EnumMap<>(HostingStatus.class),
                        Collectors.counting()));
    }

    /** Hostings waiting for a provisioning worker. */
    public int provisioningQueued() {
        return worker.queued();
    }

    /** Provisioning workers at work. */
    public int provisioningBusy() {
        return worker.busyWorkers();
    }

    /** The bounded password hasher behind sign-up and log-in, for the REST edge to refuse overflow early. */
    public BoundedPasswordHasher passwordHashing() {
        return passwordHashing;
    }

    public ListHostingsUseCase listHostings() {
        return queries;
    }

    public InspectHostingUseCase inspectHosting() {
        return queries;
    }

    public ForceDeleteHostingUseCase forceDeleteHosting() {
        return deletions;
    }

    /** The orphan report of this process's reconciler (the server's). */
    public ReportOrphansUseCase orphans() {
        return reconciler;
    }

    /** Restarts and failures of this process's machine healer (the server's). */
    public ReportMachineHealingUseCase machineHealing() {
        return healer;
    }

    /** Running hostings whose machine is down, looked up on demand, for processes that do not heal (the console). */
    public ReportMachineHealingUseCase machineSurvey() {
        return new MachineSurvey(hostings, hypervisor, healingJournal, clock);
    }

    /** Orphan machines looked up on demand, for processes that do not reconcile (the admin console). */
    public ReportOrphansUseCase orphanMachines() {
        return new OrphanMachines(hostings, hypervisor, proxy, clock);
    }

    /**
     * Writes nginx's main configuration (both origins and the SSH stream block) for {@code config}, and the
     * directories nginx needs; returns the file.
     */
    public static Path writeNginxMainConfig(NestboxConfiguration config) {
        Path file = Path.of(config.proxy.nginxDir, "nginx.conf");
        try (Nginx nginx = new Nginx(nginxSettings(config))) {
            nginx.writeMainConfig(mainConfig(config), file);
        }
        return file;
    }

    /** One health check per outside system besides the database. */
    public Map<String, HealthCheck> healthChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("reverse-proxy", new HealthCheck() {
            @Override
            protected Result check() {
                return nginx.configurationProblem().or(nginx::runningProblem).map(Result::unhealthy)
                        .orElseGet(Result::healthy);
            }
        });
        if (config.provisioning.enabled) {
            checks.put("hypervisor", new HealthCheck() {
                @Override
                protected Result check() {
                    try {
                        int machines = hypervisor.machines().size();
                        // Answering is not enough: provisioning also needs prepare() to have succeeded.
                        return worker.outage().filter(outage -> outage.startsWith(HYPERVISOR))
                                .map(Result::unhealthy)
                                .orElseGet(() -> Result.healthy("%d machines", machines));
                    } catch (RuntimeException e) {
                        return Result.unhealthy(e.getMessage());
                    }
                }
            });
        }
        return checks;
    }

    private static byte[] jwtSecret(AuthSettings auth) {
        String secret = System.getenv(auth.jwtSecretEnv);
        if (secret != null && !secret.isBlank()) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < JwtTokenService.MIN_SECRET_BYTES) {
                throw new IllegalStateException(auth.jwtSecretEnv + " must hold at least 256 bits (32 bytes); try: "
                        + "openssl rand -base64 48");
            }
            return bytes;
        }
        if (!auth.generateDevelopmentSecret) {
            throw new IllegalStateException("Set " + auth.jwtSecretEnv + " to a secret of at least 32 bytes "
                    + "(openssl rand -base64 48), or set auth.generateDevelopmentSecret: true for development");
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        LOG.warn("{} is not set: generated a random JWT secret for development; tokens die with this process",
                auth.jwtSecretEnv);
        return random;
    }

    static LibvirtSettings libvirtSettings(HypervisorConfig h, NestboxConfiguration config) {
        LibvirtSettings settings = new LibvirtSettings(h.uri, h.network, h.bridge, config.hosting.subnet, h.pool,
                Path.of(h.poolPath), Path.of(h.consoleLogDir), LibvirtSettings.Accel.parse(h.accel), images(h),
                guestFirewall(h.firewall, config.proxy), guestResources(h));
        requireImagesOfPlans(config.hosting.catalog(h.diskMib), settings);
        return settings;
    }

    /**
     * The configured images; without {@code hypervisor.images}, the one image {@code micro} made of the settings
     * that came before images ({@code guestKind}, {@code imagesDir}, {@code cloudImage}, {@code seedDir}).
     */
    static Map<String, LibvirtSettings.Guest> images(HypervisorConfig h) {
        if (h.images.isEmpty()) {
            return Map.of(LibvirtSettings.DEFAULT_IMAGE, LibvirtSettings.Guest.of(h.guestKind, Path.of(h.imagesDir),
                    h.cloudImage.isBlank() ? Path.of(h.imagesDir, "cloud.qcow2") : Path.of(h.cloudImage),
                    Path.of(h.seedDir)));
        }
        Map<String, LibvirtSettings.Guest> images = new LinkedHashMap<>();
        h.images.forEach((name, image) -> {
            try {
                images.put(name, LibvirtSettings.Guest.of(image.kind, Path.of(image.dir), Path.of(image.base),
                        Path.of(image.seedDir.isBlank() ? h.seedDir : image.seedDir)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hypervisor.images." + name + ": " + e.getMessage()
                        + (image.kind.equals("cloud-image") ? " (cloud-image takes base and seedDir)"
                                : " (" + image.kind + " takes dir, an absolute path)"), e);
            }
        });
        return images;
    }

    /** Every plan's image must be one this server can boot machines of: a typo stops the start, not a site. */
    static void requireImagesOfPlans(PlanCatalog plans, LibvirtSettings settings) {
        for (PlanCatalog.Offer offer : plans.offers()) {
            String image = offer.plan().image();
            if (settings.image(image).isEmpty()) {
                throw new IllegalArgumentException("plan " + offer.plan().name() + " (hosting.plans) boots image '"
                        + image + "', which hypervisor.images does not configure (configured: "
                        + String.join(", ", settings.images().keySet()) + "); add it there, e.g. " + image
                        + ": {kind: disk, dir: /var/lib/nestbox/images/" + image + "}");
            }
        }
    }

    private static GuestFirewall guestFirewall(GuestFirewallConfig f, ProxyConfig proxy) {
        List<String> blocked = new ArrayList<>(f.blockedNetworks);
        blocked.addAll(f.extraBlockedNetworks);
        // The host reaches guests only where its proxy forwards to (and the provisioner, on the SSH port).
        return new GuestFirewall(f.enabled, f.gatewayDns, f.outboundTcpPorts, f.outboundUdpPorts,
                List.of(proxy.guestSshPort, proxy.guestHttpPort), blocked);
    }

    /**
     * {@code hypervisor.resources}, with the translation cache of each image that sets its own
     * ({@code hypervisor.images.NAME.tcgCacheMib}); the others get {@code resources.tcgCacheMib}.
     */
    static GuestResources guestResources(HypervisorConfig h) {
        GuestResourcesConfig r = h.resources;
        GuestResources resources = new GuestResources(r.cpuQuotaPercent, r.diskBytesPerSecond, r.diskIopsPerSecond,
                r.networkInboundKiBps, r.networkOutboundKiBps, r.tcgCacheMib);
        for (Map.Entry<String, ImageConfig> image : h.images.entrySet()) {
            Integer own = image.getValue().tcgCacheMib;
            if (own == null) {
                continue;
            }
            try {
                resources = resources.withImageTcgCacheMib(image.getKey(), own);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hypervisor.images." + image.getKey() + ".tcgCacheMib must be 0"
                        + " (qemu's default) or 8-4096, not " + own, e);
            }
        }
        return resources;
    }

    private static NginxSettings nginxSettings(NestboxConfiguration config) {
        ProxyConfig p = config.proxy;
        Path dir = Path.of(p.nginxDir);
        NginxSettings settings = NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("run/nginx.pid"),
                        dir.resolve("sites"), dir.resolve("ssh"), URI.create(config.publicEndpoints.sitesUrl).getHost())
                .withRouting(config.publicEndpoints.subdomains ? NginxSettings.Routing.SUBDOMAIN : NginxSettings.Routing.PATH)
                .withListen(p.listenAddress, p.sitesPort, p.sitesTlsPort)
                .withSshListenAddress(p.sshListenAddress)
                .withGuestPorts(p.guestHttpPort, p.guestSshPort)
                .withClientMaxBodySize(p.clientMaxBodySize)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(120), p.sshIdleTimeout.toJavaDuration());
        if (!p.tlsCertificate.isBlank()) {
            settings = settings.withTls(new NginxSettings.Tls(Path.of(p.tlsCertificate), Path.of(p.tlsKey)));
        }
        return settings;
    }

    private static MainConfig mainConfig(NestboxConfiguration config) {
        ProxyConfig p = config.proxy;
        MainConfig main = MainConfig.of(Path.of(p.nginxDir, "run"), URI.create(config.publicEndpoints.panelUrl).getHost(),
                        p.panelUpstream)
                .withPanelPorts(p.panelPort, p.panelTlsPort)
                .withSingleOrigin(p.singleOrigin);
        return p.workerUser.isBlank() ? main : main.withWorkerUser(p.workerUser);
    }
}
