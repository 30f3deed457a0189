package dev.nestbox.domain.hosting;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition of the state machine, allowed and refused. */
class HostingTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = CREATED.plus(Duration.ofSeconds(30));

    private static Hosting pending() {
        return Hosting.pending(new HostingId(7), new NewHosting(new UserId(3), SiteName.of("alice"),
                Ipv4Address.parse("10.88.0.2"), 20001, new Plan("micro", "micro", 256, 1, 1024), "ssh-ed25519 AAAAkey", CREATED));
    }

    private static Hosting in(HostingStatus status, ProvisioningStep step) {
        Hosting p = pending();
        return new Hosting(p.id(), p.owner().orElseThrow(), p.site(), p.address(), p.sshPort(), p.plan(), p.sshPublicKey(),
                status, step, status == HostingStatus.FAILED ? Optional.of("boom") : Optional.empty(), CREATED, CREATED,
                Optional.empty());
    }

    private static Hosting applied(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Applied.class);
        return ((Transition.Applied) transition).hosting();
    }

    private static Transition.Refused refused(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Refused.class);
        return (Transition.Refused) transition;
    }

    @Test
    void a_new_hosting_is_pending_and_queued_with_nothing_real_yet() {
        Hosting hosting = pending();

        assertThat(hosting.status()).isEqualTo(HostingStatus.PENDING);
        assertThat(hosting.step()).isEqualTo(ProvisioningStep.QUEUED);
        assertThat(hosting.failureReason()).isEmpty();
        assertThat(hosting.readyAt()).isEmpty();
        assertThat(hosting.createdAt()).isEqualTo(CREATED);
        assertThat(hosting.updatedAt()).isEqualTo(CREATED);
        assertThat(hosting.sshPort()).isEqualTo(20001);
    }

    @Test
    void the_happy_path_runs_pending_provisioning_through_every_step_to_running() {
        Hosting hosting = applied(pending().startProvisioning(LATER));
        assertThat(hosting.status()).isEqualTo(HostingStatus.PROVISIONING);
        assertThat(hosting.step()).isEqualTo(ProvisioningStep.CREATE_DISK);
        assertThat(hosting.updatedAt()).isEqualTo(LATER);

        for (ProvisioningStep step = ProvisioningStep.START_VM; step != ProvisioningStep.DONE; step = step.next()) {
            hosting = applied(hosting.reachStep(step, LATER));
            assertThat(hosting.step()).isEqualTo(step);
            assertThat(hosting.status()).isEqualTo(HostingStatus.PROVISIONING);
        }
        Instant ready = LATER.plusSeconds(5);
        Hosting running = applied(hosting.markRunning(ready));

        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(running.step()).isEqualTo(ProvisioningStep.DONE);
        assertThat(running.readyAt()).contains(ready);
        assertThat(running.updatedAt()).isEqualTo(ready);
        assertThat(running.createdAt()).isEqualTo(CREATED);
        assertThat(running.id()).isEqualTo(pending().id());
        assertThat(running.sshPublicKey()).isEqualTo(pending().sshPublicKey());
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
    void only_a_pending_hosting_starts_provisioning(HostingStatus status) {
        Transition.Refused refusal = refused(in(status, ProvisioningStep.CREATE_DISK).startProvisioning(LATER));

        assertThat(refusal.from()).isEqualTo(status);
        assertThat(refusal.attempted()).isEqualTo("start provisioning");
        assertThat(refusal.reason()).isEqualTo("only a pending hosting can start provisioning");
    }

    @Test
    void a_step_may_be_recorded_again_which_is_how_a_resumed_hosting_redoes_it() {
        Hosting atSsh = in(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH);

        assertThat(applied(atSsh.reachStep(ProvisioningStep.WAIT_SSH, LATER)).step()).isEqualTo(ProvisioningStep.WAIT_SSH);
        assertThat(applied(atSsh.reachStep(ProvisioningStep.PUBLISH_ROUTES, LATER)).step())
                .as("steps may be skipped forward").isEqualTo(ProvisioningStep.PUBLISH_ROUTES);
    }

    @Test
    void steps_never_move_backwards_nor_to_queued_or_done() {
        Hosting atSsh = in(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH);

        Transition.Refused back = refused(atSsh.reachStep(ProvisioningStep.START_VM, LATER));
        assertThat(back.reason()).isEqualTo("steps only move forward, from wait_ssh");
        assertThat(back.attempted()).isEqualTo("reach step start_vm");
        refused(atSsh.reachStep(ProvisioningStep.QUEUED, LATER));
        refused(atSsh.reachStep(ProvisioningStep.DONE, LATER));
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = "PROVISIONING", mode = EnumSource.Mode.EXCLUDE)
    void steps_are_only_taken_while_provisioning(HostingStatus status) {
        Transition.Refused refusal = refused(in(status, ProvisioningStep.CREATE_DISK).reachStep(ProvisioningStep.START_VM, LATER));

        assertThat(refusal.from()).isEqualTo(status);
        assertThat(refusal.reason()).isEqualTo("steps are only taken while provisioning");
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = "PROVISIONING", mode = EnumSource.Mode.EXCLUDE)
    void only_a_provisioning_hosting_becomes_running(HostingStatus status) {
        Transition.Refused refusal = refused(in(status, ProvisioningStep.PUBLISH_ROUTES).markRunning(LATER));

        assertThat(refusal.from()).isEqualTo(status);
        assertThat(refusal.reason()).isEqualTo("only a provisioning hosting can become running");
    }

    @Test
    void a_provisioning_hosting_fails_with_its_reason_keeping_its_step_address_and_port() {
        Hosting failed = applied(in(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_HTTP).fail("web server never answered", LATER));

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.WAIT_HTTP);
        assertThat(failed.failureReason()).contains("web server never answered");
        assertThat(failed.address()).isEqualTo(Ipv4Address.parse("10.88.0.2"));
        assertThat(failed.sshPort()).isEqualTo(20001);
        assertThat(failed.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void a_pending_hosting_that_never_got_a_slot_fails_while_still_queued() {
        Hosting failed = applied(in(HostingStatus.PENDING, ProvisioningStep.QUEUED).fail("the host is busy", LATER));

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.QUEUED);
        assertThat(failed.failureReason()).contains("the host is busy");
        assertThat(failed.readyAt()).isEmpty();
        assertThat(failed.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = {"PENDING", "PROVISIONING"}, mode = EnumSource.Mode.EXCLUDE)
    void only_a_pending_or_provisioning_hosting_can_fail(HostingStatus status) {
        Transition.Refused refusal = refused(in(status, ProvisioningStep.WAIT_SSH).fail("late", LATER));

        assertThat(refusal.from()).isEqualTo(status);
        assertThat(refusal.reason()).isEqualTo("only a pending or provisioning hosting can fail");
    }

    @Test
    void a_failure_needs_a_reason() {
        Hosting provisioning = in(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH);

        assertThatThrownBy(() -> provisioning.fail(" ", LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provisioning.fail(null, LATER)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_running_hosting_that_lost_its_machine_fails_with_its_reason_keeping_when_it_was_ready() {
        Hosting running = applied(in(HostingStatus.PROVISIONING, ProvisioningStep.PUBLISH_ROUTES).markRunning(CREATED));

        Hosting failed = applied(running.loseMachine("the machine is gone", LATER));

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.DONE);
        assertThat(failed.failureReason()).contains("the machine is gone");
        assertThat(failed.readyAt()).contains(CREATED);
        assertThat(failed.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void only_a_running_hosting_can_lose_its_machine(HostingStatus status) {
        Transition.Refused refusal = refused(in(status, ProvisioningStep.DONE).loseMachine("gone", LATER));

        assertThat(refusal.from()).isEqualTo(status);
        assertThat(refusal.reason()).isEqualTo("only a running hosting can lose its machine");
    }

    @Test
    void losing_a_machine_needs_a_reason() {
        Hosting running = in(HostingStatus.RUNNING, ProvisioningStep.DONE);

        assertThatThrownBy(() -> running.loseMachine(" ", LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> running.loseMachine(null, LATER)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @EnumSource(value = HostingStatus.class, names = "DELETING", mode = EnumSource.Mode.EXCLUDE)
    void any_state_but_deleting_can_be_marked_deleting_keeping_what_it_knew(HostingStatus status) {
        Hosting before = in(status, ProvisioningStep.WAIT_SSH);

        Hosting deleting = applied(before.markDeleting(LATER));

        assertThat(deleting.status()).isEqualTo(HostingStatus.DELETING);
        assertThat(deleting.step()).isEqualTo(before.step());
        assertThat(deleting.failureReason()).isEqualTo(before.failureReason());
        assertThat(deleting.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void deleting_twice_is_refused() {
        Transition.Refused refusal = refused(in(HostingStatus.DELETING, ProvisioningStep.DONE).markDeleting(LATER));

        assertThat(refusal.reason()).isEqualTo("the hosting is already being deleted");
        assertThat(refusal.attempted()).isEqualTo("delete");
    }

    @Test
    void a_refused_transition_changes_nothing() {
        Hosting running = in(HostingStatus.RUNNING, ProvisioningStep.DONE);

        running.fail("x", LATER);
        running.startProvisioning(LATER);

        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(running.updatedAt()).isEqualTo(CREATED);
    }

    @Test
    void a_hosting_must_be_complete_and_sane() {
        Hosting p = pending();
        assertThatThrownBy(() -> new Hosting(p.id(), p.owner().orElseThrow(), p.site(), p.address(), 0, new Plan("micro", "micro", 256, 1, 1024), "k", HostingStatus.PENDING,
                ProvisioningStep.QUEUED, Optional.empty(), CREATED, CREATED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hosting(p.id(), p.owner().orElseThrow(), p.site(), p.address(), 65536, new Plan("micro", "micro", 256, 1, 1024), "k", HostingStatus.PENDING,
                ProvisioningStep.QUEUED, Optional.empty(), CREATED, CREATED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hosting(p.id(), p.owner().orElseThrow(), p.site(), p.address(), 22, null, "k", HostingStatus.PENDING,
                ProvisioningStep.QUEUED, Optional.empty(), CREATED, CREATED, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Hosting(p.id(), p.owner().orElseThrow(), p.site(), null, 22, new Plan("micro", "micro", 256, 1, 1024), "k", HostingStatus.PENDING,
                ProvisioningStep.QUEUED, Optional.empty(), CREATED, CREATED, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HostingId(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void live_statuses_are_those_whose_machine_and_routes_should_exist() {
        assertThat(HostingStatus.PENDING.isLive()).isTrue();
        assertThat(HostingStatus.PROVISIONING.isLive()).isTrue();
        assertThat(HostingStatus.RUNNING.isLive()).isTrue();
        assertThat(HostingStatus.FAILED.isLive()).isFalse();
        assertThat(HostingStatus.DELETING.isLive()).isFalse();
        assertThat(HostingStatus.PROVISIONING.label()).isEqualTo("provisioning");
    }

    @Test
    void steps_come_in_order_and_done_is_the_last() {
        assertThat(ProvisioningStep.values()).containsExactly(ProvisioningStep.QUEUED, ProvisioningStep.CREATE_DISK,
                ProvisioningStep.START_VM, ProvisioningStep.WAIT_SSH, ProvisioningStep.CONFIGURE_GUEST,
                ProvisioningStep.WAIT_HTTP, ProvisioningStep.PUBLISH_ROUTES, ProvisioningStep.DONE);
        assertThat(ProvisioningStep.QUEUED.next()).isEqualTo(ProvisioningStep.CREATE_DISK);
        assertThat(ProvisioningStep.PUBLISH_ROUTES.next()).isEqualTo(ProvisioningStep.DONE);
        assertThat(ProvisioningStep.DONE.next()).isEqualTo(ProvisioningStep.DONE);
        assertThat(ProvisioningStep.CONFIGURE_GUEST.label()).isEqualTo("configure_guest");
    }

    private static Hosting spareAt(HostingStatus status, ProvisioningStep step) {
        Hosting made = Hosting.pending(new HostingId(9), NewHosting.spare(SiteName.of("spare--00000000beef"),
                Ipv4Address.parse("10.88.0.9"), 20009, new Plan("micro", "micro", 128, 1, 1024), CREATED));
        return new Hosting(made.id(), Optional.empty(), made.site(), made.machine(), made.address(), made.sshPort(),
                made.plan(), made.sshPublicKey(), status, step, Optional.empty(), CREATED, CREATED, Optional.empty());
    }

    @Test
    void a_spare_waits_in_the_pool_once_its_guest_answers_ssh_and_is_never_routed() {
        Hosting booted = spareAt(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH);
        assertThat(booted.spare()).isTrue();
        assertThat(booted.routed()).as("a spare being made has no routes").isFalse();

        Hosting waiting = applied(booted.becomeSpare(CREATED.plusSeconds(5)));
        assertThat(waiting.status()).isEqualTo(HostingStatus.SPARE);
        assertThat(waiting.step()).isEqualTo(ProvisioningStep.CONFIGURE_GUEST);
        assertThat(waiting.routed()).isFalse();
        assertThat(HostingStatus.SPARE.holdsMachine()).isTrue();
        assertThat(HostingStatus.SPARE.isLive()).isFalse();

        assertThat(refused(spareAt(HostingStatus.PROVISIONING, ProvisioningStep.START_VM).becomeSpare(CREATED)).reason())
                .contains("just answered SSH");
        assertThat(refused(in(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH).becomeSpare(CREATED)).reason())
                .contains("never a spare");
    }

    @Test
    void a_claim_gives_a_waiting_spare_its_owner_site_and_key_and_keeps_its_machines_name() {
        Hosting waiting = spareAt(HostingStatus.SPARE, ProvisioningStep.CONFIGURE_GUEST);
        Instant now = CREATED.plusSeconds(600);

        Hosting claimed = applied(waiting.claim(new UserId(3), SiteName.of("alice"), "ssh-ed25519 AAAAkey", now));

        assertThat(claimed.owner()).contains(new UserId(3));
        assertThat(claimed.site()).isEqualTo(SiteName.of("alice"));
        assertThat(claimed.machine()).isEqualTo(SiteName.of("spare--00000000beef"));
        assertThat(claimed.sshPublicKey()).isEqualTo("ssh-ed25519 AAAAkey");
        assertThat(claimed.status()).isEqualTo(HostingStatus.PROVISIONING);
        assertThat(claimed.step()).isEqualTo(ProvisioningStep.CONFIGURE_GUEST);
        assertThat(claimed.createdAt()).as("the user's hosting is created when claimed").isEqualTo(now);
        assertThat(claimed.address()).isEqualTo(waiting.address());
        assertThat(claimed.sshPort()).isEqualTo(waiting.sshPort());
        assertThat(claimed.spare()).isFalse();
        assertThat(claimed.routed()).isTrue();

        assertThat(refused(claimed.claim(new UserId(4), SiteName.of("bob"), "k", now)).reason())
                .contains("only a spare waiting");
        assertThat(refused(spareAt(HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH)
                .claim(new UserId(4), SiteName.of("bob"), "k", now)).reason()).contains("only a spare waiting");
    }

    @Test
    void a_spare_is_named_as_no_users_site_can_be() {
        SiteName label = SiteName.spareLabel(new java.util.SplittableRandom(1));
        assertThat(label.isSpareLabel()).isTrue();
        assertThat(label.value()).matches("spare--[0-9a-f]{12}");
        assertThat(SiteName.of("alice").isSpareLabel()).isFalse();
        for (String username : new String[]{"spare--0123456789ab", "spare  0123456789ab", "Spare--Beef", "spare"}) {
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(SiteName.candidate(username, attempt).isSpareLabel()).as(username).isFalse();
                assertThat(SiteName.candidate(username, attempt).value()).doesNotContain("--");
            }
        }
        assertThatThrownBy(() -> NewHosting.spare(SiteName.of("alice"), Ipv4Address.parse("10.88.0.9"), 20009,
                new Plan("micro", "micro", 128, 1, 1024), CREATED)).isInstanceOf(IllegalArgumentException.class);
    }
}
