package dev.nestbox.application.service;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.plan.PlanCatalog;
import dev.nestbox.application.fakes.FakeClock;
import dev.nestbox.application.fakes.EventLog;
import dev.nestbox.application.fakes.FakeHostPorts;
import dev.nestbox.application.fakes.FakeHypervisor;
import dev.nestbox.application.fakes.FakeSshKeys;
import dev.nestbox.application.fakes.InMemoryHostings;
import dev.nestbox.application.fakes.InMemoryUsers;
import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.application.port.in.RequestHostingCommand;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.allocation.AddressAllocator;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.allocation.PortAllocator;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.quota.QuotaPolicy;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.UserId;
import dev.nestbox.domain.user.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestHostingServiceTest {
    private static final PublicEndpoints ENDPOINTS =
            new PublicEndpoints(URI.create("https://sites.example.com"), false, "example.com", "web");
    static final Plan MICRO = new Plan("micro", "micro", 256, 1, 1024);
    static final Plan DEBIAN = new Plan("debian-12", "debian-12", 1024, 2, 4096);
    static final Plan UNBUILT = new Plan("custom", "unbuilt", 256, 1, 1024);
    static final PlanCatalog PLANS = new PlanCatalog(List.of(new PlanCatalog.Offer(MICRO, "small"),
            new PlanCatalog.Offer(DEBIAN, "full"), new PlanCatalog.Offer(UNBUILT, "not built here")), "micro");
    private final FakeClock clock = new FakeClock();
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryHostings hostings = new InMemoryHostings();
    private final FakeSshKeys keys = new FakeSshKeys();
    private final FakeHostPorts hostPorts = new FakeHostPorts();
    private final FakeHypervisor hypervisor = new FakeHypervisor(new EventLog());
    private final List<Hosting> accepted = new ArrayList<>();
    private UserId alice;

    @BeforeEach
    void aliceSignedUp() {
        alice = signUp("alice@example.com", "Alice");
    }

    private UserId signUp(String email, String username) {
        var added = users.add(new NewUser(Email.of(email), Username.of(username), "hash", clock.now()));
        return ((Users.Addition.Added) added).user().id();
    }

    private RequestHostingService service(QuotaPolicy quota, PortAllocator ports, Ipv4Subnet subnet, long seed) {
        return service(quota, ports, subnet, seed, SiteName.Reservations.BUILT_IN);
    }

    private RequestHostingService service(QuotaPolicy quota, PortAllocator ports, Ipv4Subnet subnet, long seed,
                                          SiteName.Reservations siteNames) {
        return new RequestHostingService(users, hostings, hypervisor::resources, keys, hostPorts, quota, ports, new AddressAllocator(subnet),
                PLANS, image -> !image.equals("unbuilt"), ENDPOINTS, siteNames, clock, new SplittableRandom(seed), accepted::add);
    }

    private RequestHostingService service() {
        return service(QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42);
    }

    private static Hosting acceptedHosting(HostingRequestOutcome outcome) {
        assertThat(outcome).isInstanceOf(HostingRequestOutcome.Accepted.class);
        return ((HostingRequestOutcome.Accepted) outcome).hosting().hosting();
    }

    /** Another user's hosting, stored between our read and our write. */
    private Hosting competitor(long n, String site, Ipv4Address address, int port) {
        return hostings.insert(new Hosting(new HostingId(1000 + n), new UserId(1000 + n), SiteName.of(site), address,
                port, new Plan("micro", "micro", 256, 1, 1024), "ssh-ed25519 AAAAother", HostingStatus.RUNNING, ProvisioningStep.DONE, Optional.empty(),
                clock.now(), clock.now(), Optional.of(clock.now())));
    }

    @Test
    void an_accepted_request_is_stored_provisioning_handed_to_the_worker_and_answered_with_its_addresses() {
        var outcome = service().request(new RequestHostingCommand(alice, Optional.of("ssh-ed25519 AAAAkey alice@laptop")));

        Hosting hosting = acceptedHosting(outcome);
        assertThat(hosting.site()).isEqualTo(SiteName.of("alice"));
        assertThat(hosting.owner()).contains(alice);
        assertThat(hosting.status()).isEqualTo(HostingStatus.PROVISIONING);
        assertThat(hosting.step()).isEqualTo(ProvisioningStep.CREATE_DISK);
        assertThat(hosting.address()).isNotIn(Ipv4Address.parse("10.88.0.0"), Ipv4Address.parse("10.88.0.1"),
                Ipv4Address.parse("10.88.0.255"));
        assertThat(Ipv4Subnet.parse("10.88.0.0/24").contains(hosting.address())).isTrue();
        assertThat(hosting.sshPort()).isBetween(20000, 20099);
        assertThat(hosting.memoryMib()).isEqualTo(256);
        assertThat(hosting.sshPublicKey()).as("the re-encoded key, comment dropped").isEqualTo("ssh-ed25519 AAAAkey");
        assertThat(hostings.byOwner(alice)).contains(hosting);
        assertThat(accepted).containsExactly(hosting);
        var accept = (HostingRequestOutcome.Accepted) outcome;
        assertThat(accept.generatedPrivateKey()).isEmpty();
        assertThat(accept.hosting().webUrl()).isEqualTo("https://sites.example.com/alice/");
        assertThat(accept.hosting().sshCommand()).isEqualTo("ssh -p " + hosting.sshPort() + " web@example.com");
        assertThat(keys.generatedCount()).isZero();
    }

    @Test
    void without_a_key_a_pair_is_generated_and_the_private_half_is_returned_once_and_never_stored() {
        var outcome = service().request(new RequestHostingCommand(alice, Optional.empty()));

        Hosting hosting = acceptedHosting(outcome);
        var accept = (HostingRequestOutcome.Accepted) outcome;
        assertThat(accept.generatedPrivateKey()).hasValueSatisfying(pem -> assertThat(pem).contains("PRIVATE KEY"));
        assertThat(hosting.sshPublicKey()).isEqualTo("ssh-ed25519 AAAAgenerated1 nestbox-" + alice.value());
        assertThat(hostings.history(hosting.id())).allSatisfy(stored ->
                assertThat(stored.toString()).doesNotContain("secret1").doesNotContain("PRIVATE KEY"));
        assertThat(accept.toString()).doesNotContain("secret1");
        assertThat(accepted).allSatisfy(h -> assertThat(h.toString()).doesNotContain("secret1"));
    }

    @Test
    void without_a_plan_the_default_is_recorded_and_a_named_plan_is_recorded_as_configured() {
        Hosting micro = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));
        assertThat(micro.plan()).isEqualTo(MICRO);

        UserId bob = signUp("bob@example.com", "bob");
        Hosting debian = acceptedHosting(service().request(
                new RequestHostingCommand(bob, Optional.empty(), Optional.of("debian-12"))));
        assertThat(debian.plan()).isEqualTo(DEBIAN);
        assertThat(debian.memoryMib()).isEqualTo(1024);
    }

    @Test
    void an_unknown_plan_or_one_whose_image_is_missing_is_refused_before_anything_is_stored_or_generated() {
        var unknown = service().request(new RequestHostingCommand(alice, Optional.empty(), Optional.of("ubuntu")));
        var unbuilt = service().request(new RequestHostingCommand(alice, Optional.empty(), Optional.of("custom")));

        assertThat(unknown).isEqualTo(new HostingRequestOutcome.UnknownPlan("ubuntu",
                List.of("micro", "debian-12", "custom")));
        assertThat(unbuilt).isEqualTo(new HostingRequestOutcome.PlanUnavailable("custom", "unbuilt"));
        assertThat(hostings.all()).isEmpty();
        assertThat(keys.generatedCount()).isZero();
        assertThat(accepted).isEmpty();
    }

    @Test
    void the_memory_budget_counts_the_chosen_plan() {
        // 4096 MiB budget, 3 x 1024 in use: a micro (256) fits, a debian-12 (1024) would too, a fourth one not.
        for (int n = 0; n < 3; n++) {
            UserId other = signUp("full" + n + "@example.com", "full" + n);
            acceptedHosting(service().request(
                    new RequestHostingCommand(other, Optional.empty(), Optional.of("debian-12"))));
        }
        UserId bob = signUp("bob@example.com", "bob");
        acceptedHosting(service().request(new RequestHostingCommand(bob, Optional.empty(), Optional.of("debian-12"))));

        var refused = service().request(new RequestHostingCommand(alice, Optional.empty()));
        assertThat(refused).isInstanceOf(HostingRequestOutcome.CapacityExhausted.class);
    }

    @Test
    void an_invalid_key_is_refused_before_anything_is_stored_or_generated() {
        var outcome = service().request(new RequestHostingCommand(alice, Optional.of("ssh-dss AAAAold")));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.InvalidPublicKey("not an ssh-ed25519 public key"));
        assertThat(hostings.all()).isEmpty();
        assertThat(keys.generatedCount()).isZero();
        assertThat(accepted).isEmpty();
    }

    @Test
    void a_second_request_is_already_has_hosting() {
        acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        var again = service().request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(again).isEqualTo(new HostingRequestOutcome.AlreadyHasHosting());
        assertThat(hostings.all()).hasSize(1);
        assertThat(keys.generatedCount()).as("no key pair wasted on a refusal").isEqualTo(1);
    }

    @Test
    void a_full_host_is_capacity_exhausted_with_the_rules_reason() {
        competitor(1, "bob", Ipv4Address.parse("10.88.0.2"), 20000);

        var outcome = service(QuotaPolicy.standard(1, 4096), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42).request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.CapacityExhausted(
                "the host is full: it runs its maximum of 1 sites"));
        assertThat(hostings.createCalls()).isZero();
    }

    @Test
    void a_full_provisioning_queue_is_capacity_exhausted_and_leaves_nothing_behind() {
        List<Hosting> offered = new ArrayList<>();
        RequestHostingService full = new RequestHostingService(users, hostings, hypervisor::resources, keys, hostPorts,
                QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20099, Set.of()),
                new AddressAllocator(Ipv4Subnet.parse("10.88.0.0/24")), PLANS, image -> true, ENDPOINTS,
                SiteName.Reservations.BUILT_IN,
                clock, new SplittableRandom(42), hosting -> {
                    offered.add(hosting);
                    return false;
                });

        var outcome = full.request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isInstanceOfSatisfying(HostingRequestOutcome.CapacityExhausted.class,
                c -> assertThat(c.reason()).contains("queue is full"));
        assertThat(offered).hasSize(1);
        assertThat(hostings.all()).as("no row").isEmpty();
        assertThat(hostings.sshPortsInUse()).as("no port").isEmpty();
        assertThat(hostings.addressesInUse()).as("no address").isEmpty();
        assertThat(hostings.siteNamesInUse()).as("no site name").isEmpty();

        // Once the queue has room again, the same user is accepted, with the same free port and address.
        var later = service().request(new RequestHostingCommand(alice, Optional.empty()));
        Hosting accepted = acceptedHosting(later);
        assertThat(accepted.sshPort()).isEqualTo(offered.get(0).sshPort());
        assertThat(accepted.address()).isEqualTo(offered.get(0).address());
    }

    @Test
    void a_host_out_of_memory_is_capacity_exhausted() {
        competitor(1, "bob", Ipv4Address.parse("10.88.0.2"), 20000);

        var outcome = service(QuotaPolicy.standard(10, 300), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42).request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isInstanceOfSatisfying(HostingRequestOutcome.CapacityExhausted.class,
                c -> assertThat(c.reason()).contains("no memory left"));
    }

    @Test
    void a_user_who_has_a_hosting_on_a_full_host_hears_about_their_hosting_first() {
        acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        var outcome = service(QuotaPolicy.standard(1, 256), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42).request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.AlreadyHasHosting());
    }

    @Test
    void a_name_the_configuration_reserves_is_never_a_site_name() {
        var service = service(QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42, SiteName.Reservations.plus(Set.of("alice")));

        Hosting hosting = acceptedHosting(service.request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(hosting.site()).isEqualTo(SiteName.of("alice-2"));
    }

    @Test
    void when_another_request_takes_the_site_name_first_the_next_candidate_is_used() {
        hostings.beforeNextCreate(candidate -> competitor(1, candidate.site().value(), Ipv4Address.parse("10.88.0.200"), 29999));

        Hosting hosting = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(hosting.site()).isEqualTo(SiteName.of("alice-2"));
        assertThat(hostings.createCalls()).isEqualTo(2);
    }

    @Test
    void when_another_request_takes_the_port_first_another_port_is_picked() {
        List<Integer> taken = new ArrayList<>();
        hostings.beforeNextCreate(candidate -> {
            taken.add(candidate.sshPort());
            competitor(1, "bob", Ipv4Address.parse("10.88.0.200"), candidate.sshPort());
        });

        Hosting hosting = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(hosting.sshPort()).isNotEqualTo(taken.get(0)).isBetween(20000, 20099);
        assertThat(hosting.site()).isEqualTo(SiteName.of("alice"));
    }

    @Test
    void when_another_request_takes_the_address_first_another_address_is_picked() {
        List<Ipv4Address> lost = new ArrayList<>();
        hostings.beforeNextCreate(candidate -> {
            lost.add(candidate.address());
            competitor(1, "bob", candidate.address(), 29999);
        });

        Hosting hosting = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(lost).hasSize(1);
        assertThat(hosting.address()).isNotEqualTo(lost.get(0));
    }

    @Test
    void when_the_same_user_wins_a_race_with_themselves_the_answer_is_already_has_hosting() {
        hostings.beforeNextCreate(candidate -> hostings.insert(Hosting.pending(new HostingId(77), new NewHosting(
                alice, SiteName.of("other"), Ipv4Address.parse("10.88.0.77"), 29000, new Plan("micro", "micro", 256, 1, 1024), "ssh-ed25519 AAAAx", clock.now()))));

        var outcome = service().request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.AlreadyHasHosting());
        assertThat(accepted).isEmpty();
    }

    @Test
    void endless_races_end_in_a_refusal_rather_than_a_loop() {
        for (int n = 0; n < 25; n++) {
            long id = n;
            hostings.beforeNextCreate(candidate -> competitor(id, candidate.site().value(),
                    Ipv4Address.parse("10.88.1.0").plus((int) id), 30000 + (int) id));
        }

        var outcome = service().request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isInstanceOfSatisfying(HostingRequestOutcome.CapacityExhausted.class,
                c -> assertThat(c.reason()).contains("try again"));
        assertThat(hostings.createCalls()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void ports_another_process_listens_on_are_skipped(long seed) {
        hostPorts.listen(20000, 20001, 20002);

        Hosting hosting = acceptedHosting(service(QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20003, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), seed).request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(hosting.sshPort()).isEqualTo(20003);
    }

    @Test
    void the_same_seed_picks_the_same_port() {
        int first = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty()))).sshPort();
        UserId bob = signUp("bob@example.com", "Bob");
        hostings.remove(hostings.byOwner(alice).orElseThrow().id());

        int again = acceptedHosting(service().request(new RequestHostingCommand(bob, Optional.empty()))).sshPort();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void no_free_port_is_capacity_exhausted() {
        hostPorts.listen(20000, 20001);

        var outcome = service(QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20001, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/24"), 42).request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.CapacityExhausted("no free port left in 20000-20001"));
        assertThat(hostings.createCalls()).isZero();
    }

    @Test
    void no_free_address_is_capacity_exhausted() {
        // A /30 has one guest address: .2 (network .0, gateway .1, broadcast .3).
        competitor(1, "bob", Ipv4Address.parse("10.88.0.2"), 20050);

        var outcome = service(QuotaPolicy.standard(10, 4096), new PortAllocator(20000, 20099, Set.of()),
                Ipv4Subnet.parse("10.88.0.0/30"), 42).request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.CapacityExhausted("no free guest address left in 10.88.0.0/30"));
    }

    @Test
    void a_user_who_no_longer_exists_is_an_error_of_the_caller() {
        assertThatThrownBy(() -> service().request(new RequestHostingCommand(new UserId(999), Optional.empty())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_site_name_an_earlier_hostings_disk_still_holds_is_refused_and_nothing_is_recorded() {
        hypervisor.addLeftover(new Hypervisor.Resource(Hypervisor.Kind.DISK, "alice.7.qcow2", SiteName.of("alice"),
                Optional.of(new HostingId(7))));

        HostingRequestOutcome outcome = service().request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isEqualTo(new HostingRequestOutcome.SiteNameHasLeftovers(SiteName.of("alice")));
        assertThat(hostings.createCalls()).isZero();
        assertThat(accepted).isEmpty();
    }

    @Test
    void a_leftover_without_a_recorded_hosting_also_keeps_its_name_from_reuse() {
        hypervisor.addStray(SiteName.of("alice"));

        HostingRequestOutcome outcome = service().request(new RequestHostingCommand(alice, Optional.empty()));

        assertThat(outcome).isInstanceOf(HostingRequestOutcome.SiteNameHasLeftovers.class);
        assertThat(hostings.createCalls()).isZero();
    }

    @Test
    void leftovers_of_another_site_name_do_not_stand_in_the_way() {
        hypervisor.addLeftover(new Hypervisor.Resource(Hypervisor.Kind.SEED, "alice-2.3-cidata.iso",
                SiteName.of("alice-2"), Optional.of(new HostingId(3))));

        Hosting hosting = acceptedHosting(service().request(new RequestHostingCommand(alice, Optional.empty())));

        assertThat(hosting.site()).isEqualTo(SiteName.of("alice"));
    }
}
