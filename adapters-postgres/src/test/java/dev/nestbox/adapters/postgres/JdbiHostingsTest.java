package dev.nestbox.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hostings.Creation;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.hosting.Transition;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.nestbox.adapters.postgres.Fixtures.T0;
import static dev.nestbox.adapters.postgres.Fixtures.newHosting;
import static org.assertj.core.api.Assertions.assertThat;

class JdbiHostingsTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private Users users;
    private Hostings hostings;
    private User alice;
    private User bob;

    @BeforeEach
    void emptyDatabase() {
        DATABASE.truncate();
        PostgresStore store = new PostgresStore(DATABASE.jdbi());
        users = store.users();
        hostings = store.hostings();
        alice = Fixtures.addUser(users, 1);
        bob = Fixtures.addUser(users, 2);
    }

    @Test
    void a_created_hosting_is_pending_and_found_by_owner_id_and_site() {
        NewHosting request = newHosting(alice.id(), 1);

        Hosting hosting = created(hostings.create(request));

        assertThat(hosting).isEqualTo(Hosting.pending(hosting.id(), request));
        assertThat(hosting.status()).isEqualTo(HostingStatus.PENDING);
        assertThat(hosting.step()).isEqualTo(ProvisioningStep.QUEUED);
        assertThat(hostings.byOwner(alice.id())).contains(hosting);
        assertThat(hostings.byId(hosting.id())).contains(hosting);
        assertThat(hostings.bySite(SiteName.of("site-1"))).contains(hosting);
        assertThat(hostings.all()).containsExactly(hosting);
    }

    @Test
    void what_is_not_there_is_not_found() {
        created(hostings.create(newHosting(alice.id(), 1)));

        assertThat(hostings.byOwner(bob.id())).isEmpty();
        assertThat(hostings.byId(new HostingId(999_999))).isEmpty();
        assertThat(hostings.bySite(SiteName.of("site-2"))).isEmpty();
    }

    @Test
    void one_read_tells_an_owner_a_user_without_hosting_and_a_deleted_user_apart() {
        Hosting hosting = created(hostings.create(newHosting(alice.id(), 1)));

        assertThat(hostings.ofUser(alice.id())).isEqualTo(new Hostings.UserHosting.Owns(hosting));
        assertThat(hostings.ofUser(bob.id())).isEqualTo(new Hostings.UserHosting.NoHosting());
        assertThat(hostings.ofUser(new UserId(999_999))).isEqualTo(new Hostings.UserHosting.UnknownUser());

        DATABASE.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", alice.id().value()));
        assertThat(hostings.ofUser(alice.id())).isEqualTo(new Hostings.UserHosting.UnknownUser());
    }

    @Test
    void an_owner_gets_one_hosting() {
        created(hostings.create(newHosting(alice.id(), 1)));

        assertThat(hostings.create(newHosting(alice.id(), 2))).isEqualTo(new Creation.OwnerHasOne());
        assertThat(hostings.all()).hasSize(1);
    }

    @Test
    void an_owner_who_has_one_hears_so_even_when_the_port_clashes_too() {
        created(hostings.create(newHosting(alice.id(), 1)));
        NewHosting sameEverything = newHosting(alice.id(), 1);

        assertThat(hostings.create(sameEverything)).isEqualTo(new Creation.OwnerHasOne());
    }

    @Test
    void a_taken_site_name_is_refused() {
        created(hostings.create(newHosting(alice.id(), 1)));
        NewHosting clash = withSite(newHosting(bob.id(), 2), SiteName.of("site-1"));

        assertThat(hostings.create(clash)).isEqualTo(new Creation.SiteNameTaken());
        assertThat(hostings.byOwner(bob.id())).isEmpty();
    }

    @Test
    void a_taken_ssh_port_is_refused() {
        created(hostings.create(newHosting(alice.id(), 1)));
        NewHosting base = newHosting(bob.id(), 2);
        NewHosting clash = new NewHosting(base.owner(), base.site(), base.address(), 20001, base.plan(),
                base.sshPublicKey(), base.createdAt());

        assertThat(hostings.create(clash)).isEqualTo(new Creation.PortTaken());
        assertThat(hostings.byOwner(bob.id())).isEmpty();
    }

    @Test
    void a_taken_address_is_refused() {
        created(hostings.create(newHosting(alice.id(), 1)));
        NewHosting base = newHosting(bob.id(), 2);
        NewHosting clash = new NewHosting(base.owner(), base.site(), Ipv4Address.parse("10.88.0.11"),
                base.sshPort(), base.plan(), base.sshPublicKey(), base.createdAt());

        assertThat(hostings.create(clash)).isEqualTo(new Creation.AddressTaken());
        assertThat(hostings.byOwner(bob.id())).isEmpty();
    }

    @Test
    void twenty_requests_of_one_user_at_once_create_exactly_one_hosting() throws Exception {
        List<NewHosting> requests = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            requests.add(newHosting(alice.id(), n));
        }

        List<Creation> outcomes = Race.run(requests, hostings::create);

        assertThat(outcomes).filteredOn(o -> o instanceof Creation.Created).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Creation.OwnerHasOne).hasSize(19);
        assertThat(hostings.all()).hasSize(1);
    }

    @Test
    void twenty_users_racing_for_one_port_leave_it_to_exactly_one() throws Exception {
        List<NewHosting> requests = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            NewHosting own = newHosting(Fixtures.addUser(users, 100 + n).id(), n);
            requests.add(new NewHosting(own.owner(), own.site(), own.address(), 22222, own.plan(),
                    own.sshPublicKey(), own.createdAt()));
        }

        List<Creation> outcomes = Race.run(requests, hostings::create);

        assertThat(outcomes).filteredOn(o -> o instanceof Creation.Created).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Creation.PortTaken).hasSize(19);
        assertThat(hostings.sshPortsInUse()).containsExactly(22222);
    }

    @Test
    void replace_stores_the_next_state_when_the_expected_status_holds() {
        Hosting pending = created(hostings.create(newHosting(alice.id(), 1)));
        Hosting provisioning = applied(pending.startProvisioning(T0.plusSeconds(1)));
        Hosting running = applied(applied(provisioning.reachStep(ProvisioningStep.PUBLISH_ROUTES, T0.plusSeconds(2)))
                .markRunning(T0.plusSeconds(3)));

        assertThat(hostings.replace(provisioning, HostingStatus.PENDING)).isTrue();
        assertThat(hostings.replace(running, HostingStatus.PROVISIONING)).isTrue();

        Hosting stored = hostings.byId(pending.id()).orElseThrow();
        assertThat(stored).isEqualTo(running);
        assertThat(stored.readyAt()).contains(T0.plusSeconds(3));
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(stored.createdAt()).isEqualTo(T0);
    }

    @Test
    void replace_keeps_a_failure_reason_and_clears_it_again() {
        Hosting provisioning = applied(created(hostings.create(newHosting(alice.id(), 1))).startProvisioning(T0));
        hostings.replace(provisioning, HostingStatus.PENDING);
        Hosting failed = applied(provisioning.fail("guest never answered on port 22", T0.plusSeconds(60)));

        assertThat(hostings.replace(failed, HostingStatus.PROVISIONING)).isTrue();
        assertThat(hostings.byId(failed.id()).orElseThrow().failureReason()).contains("guest never answered on port 22");

        assertThat(hostings.replace(provisioning, HostingStatus.FAILED)).isTrue();
        assertThat(hostings.byId(failed.id()).orElseThrow().failureReason()).isEmpty();
    }

    @Test
    void replace_with_a_stale_expected_status_changes_nothing() {
        Hosting pending = created(hostings.create(newHosting(alice.id(), 1)));
        Hosting deleting = applied(pending.markDeleting(T0.plusSeconds(1)));
        assertThat(hostings.replace(deleting, HostingStatus.PENDING)).isTrue();

        Hosting provisioning = applied(pending.startProvisioning(T0.plusSeconds(2)));

        assertThat(hostings.replace(provisioning, HostingStatus.PENDING)).isFalse();
        assertThat(hostings.byId(pending.id())).contains(deleting);
    }

    @Test
    void replace_of_a_removed_hosting_changes_nothing() {
        Hosting pending = created(hostings.create(newHosting(alice.id(), 1)));
        hostings.remove(pending.id());

        assertThat(hostings.replace(applied(pending.startProvisioning(T0)), HostingStatus.PENDING)).isFalse();
        assertThat(hostings.all()).isEmpty();
    }

    @Test
    void every_status_and_step_of_the_domain_can_be_stored() {
        Hosting pending = created(hostings.create(newHosting(alice.id(), 1)));
        HostingStatus previous = HostingStatus.PENDING;
        for (HostingStatus status : HostingStatus.values()) {
            if (status == HostingStatus.SPARE) {
                continue; // a user's hosting is never a spare (the store refuses it; see the warm-pool tests)
            }
            for (ProvisioningStep step : ProvisioningStep.values()) {
                Hosting next = new Hosting(pending.id(), pending.owner().orElseThrow(), pending.site(), pending.address(),
                        pending.sshPort(), pending.plan(), pending.sshPublicKey(), status, step,
                        Optional.of("reason"), pending.createdAt(), T0, Optional.of(T0));

                assertThat(hostings.replace(next, previous)).as(status + "/" + step).isTrue();
                assertThat(hostings.byId(pending.id())).contains(next);
                previous = status;
            }
        }
    }

    @Test
    void removing_twice_is_fine() {
        Hosting hosting = created(hostings.create(newHosting(alice.id(), 1)));
        created(hostings.create(newHosting(bob.id(), 2)));

        hostings.remove(hosting.id());
        hostings.remove(hosting.id());

        assertThat(hostings.byId(hosting.id())).isEmpty();
        assertThat(hostings.all()).hasSize(1);
    }

    @Test
    void a_removed_hostings_owner_site_port_and_address_are_free_again() {
        Hosting hosting = created(hostings.create(newHosting(alice.id(), 1)));
        hostings.remove(hosting.id());

        assertThat(hostings.create(newHosting(alice.id(), 1))).isInstanceOf(Creation.Created.class);
    }

    @Test
    void in_use_sets_cover_every_hosting_whatever_its_status() {
        Hosting first = created(hostings.create(newHosting(alice.id(), 1)));
        created(hostings.create(newHosting(bob.id(), 2)));
        hostings.replace(applied(first.markDeleting(T0)), HostingStatus.PENDING);

        assertThat(hostings.sshPortsInUse()).containsExactlyInAnyOrder(20001, 20002);
        assertThat(hostings.addressesInUse())
                .containsExactlyInAnyOrder(Ipv4Address.parse("10.88.0.11"), Ipv4Address.parse("10.88.0.12"));
        assertThat(hostings.siteNamesInUse()).containsExactlyInAnyOrder(SiteName.of("site-1"), SiteName.of("site-2"));
    }

    @Test
    void in_status_lists_only_the_asked_statuses() {
        Hosting first = created(hostings.create(newHosting(alice.id(), 1)));
        Hosting second = created(hostings.create(newHosting(bob.id(), 2)));
        Hosting deleting = applied(first.markDeleting(T0));
        hostings.replace(deleting, HostingStatus.PENDING);

        assertThat(hostings.inStatus(Set.of(HostingStatus.DELETING))).containsExactly(deleting);
        assertThat(hostings.inStatus(EnumSet.of(HostingStatus.PENDING, HostingStatus.DELETING)))
                .containsExactly(deleting, second);
        assertThat(hostings.inStatus(Set.of(HostingStatus.RUNNING))).isEmpty();
        assertThat(hostings.inStatus(Set.of())).isEmpty();
    }

    @Test
    void usage_counts_live_hostings_and_sums_their_memory() {
        assertThat(hostings.usage()).isEqualTo(new Hostings.Usage(0, 0));
        int n = 0;
        for (HostingStatus status : HostingStatus.values()) {
            if (status == HostingStatus.SPARE) {
                continue; // spares are unowned: a_spare_is_stored_without_owner_counts_in_usage_and_round_trips
            }
            n++;
            User owner = Fixtures.addUser(users, 10 + n);
            NewHosting base = newHosting(owner.id(), n);
            Hosting hosting = created(hostings.create(new NewHosting(base.owner(), base.site(), base.address(),
                    base.sshPort(), new Plan("micro", "micro", 100 * n, 1, 1024), base.sshPublicKey(), base.createdAt())));
            hostings.replace(withStatus(hosting, status), HostingStatus.PENDING);
        }

        // pending 100 + provisioning 200 + running 300; failed and deleting hold nothing.
        assertThat(hostings.usage()).isEqualTo(new Hostings.Usage(3, 600));
    }

    @Test
    void timestamps_come_back_as_the_same_instants_to_the_microsecond() {
        Instant created = Instant.parse("2026-10-25T01:30:00.123456789Z");
        NewHosting base = newHosting(alice.id(), 1);
        Hosting hosting = created(hostings.create(new NewHosting(base.owner(), base.site(), base.address(),
                base.sshPort(), base.plan(), base.sshPublicKey(), created)));

        Instant micros = Instant.parse("2026-10-25T01:30:00.123456Z");
        assertThat(hosting.createdAt()).isEqualTo(micros);
        assertThat(hosting.updatedAt()).isEqualTo(micros);
        assertThat(hostings.byId(hosting.id()).orElseThrow().createdAt()).isEqualTo(micros);
        assertThat(DATABASE.selectOne(
                "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM hosting", String.class)).isEqualTo("2026-10-25 01:30:00.123456");
    }

    @Test
    void a_hosting_of_an_unknown_user_is_a_database_failure_not_an_outcome() {
        NewHosting orphan = newHosting(new UserId(999_999), 1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hostings.create(orphan))
                .isInstanceOf(PostgresUnavailable.class)
                .hasMessageContaining("23503");
    }

    private Hosting waitingSpare(int n) {
        Hosting made = created(hostings.create(NewHosting.spare(SiteName.of("spare--00000000000" + n),
                Ipv4Address.parse("10.88.0." + (100 + n)), 21000 + n, new Plan("micro", "micro", 128, 1, 1024), T0)));
        Hosting provisioning = applied(made.startProvisioning(T0));
        assertThat(hostings.replace(provisioning, HostingStatus.PENDING)).isTrue();
        Hosting atSsh = applied(provisioning.reachStep(ProvisioningStep.WAIT_SSH, T0));
        assertThat(hostings.replace(atSsh, HostingStatus.PROVISIONING)).isTrue();
        Hosting waiting = applied(atSsh.becomeSpare(T0));
        assertThat(hostings.replace(waiting, HostingStatus.PROVISIONING)).isTrue();
        return waiting;
    }

    @Test
    void a_spare_is_stored_without_owner_counts_in_usage_and_round_trips() {
        Hosting spare = waitingSpare(1);

        assertThat(hostings.byId(spare.id())).contains(spare);
        assertThat(spare.owner()).isEmpty();
        assertThat(hostings.inStatus(Set.of(HostingStatus.SPARE))).containsExactly(spare);
        assertThat(hostings.usage()).isEqualTo(new Hostings.Usage(1, 128));
        assertThat(hostings.ofUser(alice.id())).isEqualTo(new Hostings.UserHosting.NoHosting());
        assertThat(hostings.siteNamesInUse()).containsExactly(spare.site());
    }

    @Test
    void a_claim_binds_a_waiting_spare_to_its_user_once_and_keeps_the_machines_name() {
        Hosting spare = waitingSpare(1);
        Instant now = T0.plusSeconds(60);
        Hosting forAlice = applied(spare.claim(alice.id(), SiteName.of("alice"), "ssh-ed25519 AAAAalice", now));
        Hosting forBob = applied(spare.claim(bob.id(), SiteName.of("bob"), "ssh-ed25519 AAAAbob", now));

        assertThat(hostings.claim(forAlice)).isEqualTo(new Hostings.Claim.Claimed(forAlice));
        assertThat(hostings.claim(forBob)).as("the second claim finds it taken").isEqualTo(new Hostings.Claim.Gone());

        Hosting stored = hostings.byId(spare.id()).orElseThrow();
        assertThat(stored).isEqualTo(forAlice);
        assertThat(stored.machine()).isEqualTo(spare.site());
        assertThat(hostings.byOwner(alice.id())).contains(stored);
        assertThat(hostings.bySite(SiteName.of("alice"))).contains(stored);
        assertThat(hostings.siteNamesInUse()).containsExactlyInAnyOrder(SiteName.of("alice"), spare.site());
    }

    @Test
    void a_claim_is_refused_for_a_user_with_a_hosting_and_for_a_taken_site_name() {
        Hosting spare = waitingSpare(1);
        created(hostings.create(newHosting(alice.id(), 1)));
        Instant now = T0.plusSeconds(60);

        assertThat(hostings.claim(applied(spare.claim(alice.id(), SiteName.of("alice"), "k", now))))
                .isEqualTo(new Hostings.Claim.OwnerHasOne());
        assertThat(hostings.claim(applied(spare.claim(bob.id(), SiteName.of("site-1"), "k", now))))
                .isEqualTo(new Hostings.Claim.SiteNameTaken());
        assertThat(hostings.byId(spare.id())).contains(spare);
    }

    @Test
    void the_store_refuses_an_owned_spare_and_an_unowned_hosting_named_as_a_users_site() {
        Hosting mine = created(hostings.create(newHosting(alice.id(), 1)));
        Hosting asSpare = new Hosting(mine.id(), mine.owner(), mine.site(), mine.machine(), mine.address(),
                mine.sshPort(), mine.plan(), mine.sshPublicKey(), HostingStatus.SPARE, ProvisioningStep.CONFIGURE_GUEST,
                Optional.empty(), mine.createdAt(), T0, Optional.empty());
        assertThatThrownBy(() -> hostings.replace(asSpare, HostingStatus.PENDING)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> hostings.create(new NewHosting(Optional.empty(), SiteName.of("carol"),
                Ipv4Address.parse("10.88.0.77"), 21077, new Plan("micro", "micro", 128, 1, 1024), "", T0)))
                .isInstanceOf(RuntimeException.class);
    }

    private static Hosting created(Creation creation) {
        assertThat(creation).isInstanceOf(Creation.Created.class);
        return ((Creation.Created) creation).hosting();
    }

    private static Hosting applied(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Applied.class);
        return ((Transition.Applied) transition).hosting();
    }

    private static Hosting withStatus(Hosting h, HostingStatus status) {
        return new Hosting(h.id(), h.owner(), h.site(), h.machine(), h.address(), h.sshPort(), h.plan(), h.sshPublicKey(),
                status, h.step(), h.failureReason(), h.createdAt(), h.updatedAt(), h.readyAt());
    }

    private static NewHosting withSite(NewHosting h, SiteName site) {
        return new NewHosting(h.owner(), site, h.address(), h.sshPort(), h.plan(), h.sshPublicKey(),
                h.createdAt());
    }
}
