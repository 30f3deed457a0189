package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.FakeHostPorts;
import dev.nestbox.application.fakes.FakeSshKeys;
import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.fakes.InMemoryUsers;
import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.application.port.in.RequestHostingCommand;
import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.application.service.OrphanMachines;
import dev.nestbox.application.service.PublicEndpoints;
import dev.nestbox.application.service.RequestHostingService;
import dev.nestbox.domain.allocation.AddressAllocator;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.allocation.PortAllocator;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.plan.PlanCatalog;
import dev.nestbox.domain.quota.QuotaPolicy;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.UserId;
import dev.nestbox.domain.user.Username;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The warm pool on a host of fakes: spares are made, wait, are claimed, set up as the user's site, and replaced. */
class WarmPoolTest {
    private static final Plan MICRO = new Plan("micro", "micro", 128, 1, 1024);
    private static final Plan DEBIAN = new Plan("debian-12", "debian-12", 512, 1, 4096);
    private static final PlanCatalog PLANS = new PlanCatalog(List.of(new PlanCatalog.Offer(MICRO, "small"),
            new PlanCatalog.Offer(DEBIAN, "full")), "micro");
    private static final PublicEndpoints ENDPOINTS =
            new PublicEndpoints(URI.create("https://sites.example.com"), false, "example.com", "web");

    private final Host host = new Host();
    private final InMemoryUsers users = new InMemoryUsers();
    private final ProvisioningWorker worker = host.worker();
    private final PortAllocator ports = new PortAllocator(20000, 20099, Set.of());
    private final AddressAllocator addresses = new AddressAllocator(Ipv4Subnet.parse("10.88.0.0/24"));

    @AfterEach
    void close() {
        worker.close();
    }

    private WarmPool pool(Map<String, Integer> sizes, QuotaPolicy quota) {
        return new WarmPool(host.hostings, worker, host.hypervisor, host.hypervisor::resources, PLANS, image -> true,
                quota, ports, new FakeHostPorts(), addresses, host.clock, new SplittableRandom(7), sizes, 2);
    }

    private WarmPool pool(Map<String, Integer> sizes) {
        return pool(sizes, QuotaPolicy.standard(10, 4096));
    }

    private RequestHostingService requests(WarmPool pool) {
        return new RequestHostingService(users, host.hostings, host.hypervisor::resources, new FakeSshKeys(),
                new FakeHostPorts(), QuotaPolicy.standard(10, 4096), ports, addresses, PLANS, image -> true, ENDPOINTS,
                SiteName.Reservations.BUILT_IN, host.clock, new SplittableRandom(11), worker::offer, pool.enabled(),
                pool::spareTaken);
    }

    private UserId signUp(String email, String name) {
        var added = users.add(new NewUser(Email.of(email), Username.of(name), "hash", host.clock.now()));
        return ((Users.Addition.Added) added).user().id();
    }

    private List<Hosting> spares(HostingStatus status) {
        return host.hostings.inStatus(Set.of(status)).stream().filter(Hosting::spare).toList();
    }

    private List<Hosting> waitingSpares(int count) {
        eventually(() -> spares(HostingStatus.SPARE).size() == count && worker.inFlight() == 0,
                count + " spares wait in the pool");
        return spares(HostingStatus.SPARE);
    }

    private Hosting running(Hosting hosting) {
        eventually(() -> host.hostings.byId(hosting.id()).map(h -> h.status() == HostingStatus.RUNNING).orElse(false),
                hosting.site() + " runs");
        return host.stored(hosting);
    }

    @Test
    void spares_boot_up_to_ssh_and_wait_unowned_without_routes_or_setup() {
        WarmPool pool = pool(Map.of("micro", 2));
        pool.refill();

        List<Hosting> spares = waitingSpares(2);
        for (Hosting spare : spares) {
            assertThat(spare.owner()).isEmpty();
            assertThat(spare.site().isSpareLabel()).isTrue();
            assertThat(spare.machine()).isEqualTo(spare.site());
            assertThat(spare.step()).isEqualTo(ProvisioningStep.CONFIGURE_GUEST);
            assertThat(host.hypervisor.running()).containsKey(spare.machine());
        }
        assertThat(host.proxy.routes()).as("a spare is never routed").isEmpty();
        assertThat(host.log.events()).noneMatch(e -> e.startsWith("guests.configure") || e.startsWith("proxy."));
        assertThat(host.guests.prepared()).as("each spare is prepared before it waits")
                .containsExactlyInAnyOrderElementsOf(spares.stream().map(Hosting::machine).toList());
        for (Hosting spare : spares) {
            List<String> events = host.log.events();
            assertThat(events.indexOf("guests.prepare " + spare.machine() + " " + spare.address()))
                    .as("prepared once its guest answers SSH, before it is recorded waiting")
                    .isGreaterThan(events.indexOf("guests.awaitSsh " + spare.address()))
                    .isLessThan(events.lastIndexOf("hostings.replace " + spare.site() + " spare configure_guest"));
        }
        assertThat(host.hostings.usage().liveHostings()).as("spares count against capacity").isEqualTo(2);
        assertThat(OrphanMachines.orphans(host.hostings.all(), host.hypervisor.resources()))
                .as("a spare's machine and disk are its hosting's, not orphans").isEmpty();

        pool.refill();
        assertThat(spares(HostingStatus.SPARE)).as("a full pool makes no more").hasSize(2);
        assertThat(host.hostings.all()).hasSize(2);
    }

    @Test
    void a_request_takes_a_spare_sets_it_up_as_the_users_site_and_the_pool_makes_its_successor() {
        WarmPool pool = pool(Map.of("micro", 1));
        pool.attach();
        pool.refill();
        Hosting spare = waitingSpares(1).get(0);
        UserId alice = signUp("alice@example.com", "Alice");

        var outcome = requests(pool).request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey a@b")));

        assertThat(outcome).isInstanceOf(HostingRequestOutcome.Accepted.class);
        var accepted = (HostingRequestOutcome.Accepted) outcome;
        assertThat(accepted.fromPool()).isTrue();
        Hosting claimed = accepted.hosting().hosting();
        assertThat(claimed.id()).isEqualTo(spare.id());
        assertThat(claimed.owner()).contains(alice);
        assertThat(claimed.site()).isEqualTo(SiteName.of("alice"));
        assertThat(claimed.machine()).as("the machine keeps the spare's name").isEqualTo(spare.machine());
        assertThat(claimed.address()).isEqualTo(spare.address());
        assertThat(accepted.hosting().webUrl()).isEqualTo("https://sites.example.com/alice/");

        Hosting runningAlice = running(claimed);
        assertThat(runningAlice.site()).isEqualTo(SiteName.of("alice"));
        assertThat(host.log.events()).contains("guests.configure alice on " + spare.machine() + " " + spare.address());
        assertThat(host.log.events()).as("no second boot: the spare's machine was started once")
                .filteredOn(e -> e.equals("hypervisor.start " + spare.machine())).hasSize(1);
        assertThat(host.proxy.routes()).containsOnlyKeys(SiteName.of("alice"));
        assertThat(host.guests.configured()).containsEntry(SiteName.of("alice"), "ssh-ed25519 AAAAkey");

        // The successor: made soon after the claim, on the sweeper's thread.
        List<Hosting> next = waitingSpares(1);
        assertThat(next.get(0).id()).isNotEqualTo(spare.id());
        assertThat(next.get(0).address()).isNotEqualTo(spare.address());
        assertThat(OrphanMachines.orphans(host.hostings.all(), host.hypervisor.resources())).isEmpty();
    }

    @Test
    void deleting_a_site_made_from_a_spare_removes_the_spares_machine_and_the_sites_routes() {
        WarmPool pool = pool(Map.of("micro", 1));
        pool.refill();
        Hosting spare = waitingSpares(1).get(0);
        UserId alice = signUp("alice@example.com", "Alice");
        var accepted = (HostingRequestOutcome.Accepted) requests(pool)
                .request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey")));
        Hosting claimed = running(accepted.hosting().hosting());

        host.teardown.tearDown(claimed);

        assertThat(host.hostings.byId(claimed.id())).isEmpty();
        assertThat(host.hypervisor.running()).doesNotContainKey(spare.machine());
        assertThat(host.hypervisor.disks()).doesNotContain(spare.machine());
        assertThat(host.proxy.routes()).doesNotContainKey(SiteName.of("alice"));
        assertThat(host.guests.forgotten()).contains(spare.machine());
    }

    @Test
    void with_no_spare_waiting_the_request_boots_cold_and_says_so() {
        WarmPool pool = pool(Map.of("debian-12", 1));
        UserId alice = signUp("alice@example.com", "Alice");

        var accepted = (HostingRequestOutcome.Accepted) requests(pool)
                .request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey")));

        assertThat(accepted.fromPool()).isFalse();
        Hosting hosting = running(accepted.hosting().hosting());
        assertThat(hosting.machine()).isEqualTo(hosting.site());
    }

    @Test
    void a_spare_whose_machine_was_lost_is_discarded_and_made_again() {
        WarmPool pool = pool(Map.of("micro", 1));
        pool.refill();
        Hosting lost = waitingSpares(1).get(0);
        host.hypervisor.lose(lost.machine());

        pool.refill();

        assertThat(host.hostings.byId(lost.id())).isEmpty();
        assertThat(host.hypervisor.disks()).doesNotContain(lost.machine());
        Hosting fresh = waitingSpares(1).get(0);
        assertThat(fresh.id()).isNotEqualTo(lost.id());
    }

    @Test
    void a_spare_that_fails_to_boot_leaves_nothing_behind() {
        host.guests.answer("ssh", address -> new Readiness.NotReady("connection refused"));
        WarmPool pool = pool(Map.of("micro", 1));
        pool.refill();

        eventually(() -> host.hostings.all().isEmpty() && worker.inFlight() == 0, "the failed spare is gone");
        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.hypervisor.disks()).isEmpty();
    }

    @Test
    void a_smaller_pool_discards_the_spares_beyond_it_and_a_full_host_makes_none() {
        pool(Map.of("micro", 3)).refill();
        waitingSpares(2);
        pool(Map.of("micro", 3)).refill();
        waitingSpares(3);

        pool(Map.of("micro", 1)).refill();
        assertThat(spares(HostingStatus.SPARE)).hasSize(1);
        assertThat(host.hypervisor.running()).hasSize(1);

        // 128 MiB of 256 are held by the one spare: a second fits, a third not.
        pool(Map.of("micro", 3), QuotaPolicy.standard(10, 256)).refill();
        waitingSpares(2);
        pool(Map.of("micro", 3), QuotaPolicy.standard(10, 256)).refill();
        assertThat(host.hostings.all()).hasSize(2);
    }

    @Test
    void a_claim_races_a_discard_and_exactly_one_wins() {
        WarmPool pool = pool(Map.of("micro", 1));
        pool.refill();
        Hosting spare = waitingSpares(1).get(0);
        UserId alice = signUp("alice@example.com", "Alice");
        var claimed = (HostingRequestOutcome.Accepted) requests(pool(Map.of("micro", 1)))
                .request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey")));

        assertThat(worker.discardSpare(spare, "test")).as("a claimed spare is no longer the pool's").isFalse();
        Hosting alices = running(claimed.hosting().hosting());
        assertThat(host.hypervisor.running()).containsKey(alices.machine());
    }

    @Test
    void no_spare_boots_while_a_claimed_spare_is_being_set_up_and_the_pool_refills_after() throws Exception {
        WarmPool pool = pool(Map.of("micro", 1));
        pool.attach();
        pool.refill();
        Hosting spare = waitingSpares(1).get(0);
        java.util.concurrent.CountDownLatch setUp = new java.util.concurrent.CountDownLatch(1);
        host.guests.on("configure", () -> {
            try {
                setUp.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        UserId alice = signUp("alice@example.com", "Alice");
        var claimed = (HostingRequestOutcome.Accepted) requests(pool)
                .request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey")));
        eventually(() -> worker.claimsInFlight() == 1, "the claim is being set up");

        pool.refill();
        assertThat(host.hostings.all()).as("no successor while the claim is set up").hasSize(1);

        setUp.countDown();
        running(claimed.hosting().hosting());
        Hosting successor = waitingSpares(1).get(0);
        assertThat(successor.id()).isNotEqualTo(spare.id());
    }
}
