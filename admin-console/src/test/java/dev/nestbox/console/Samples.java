package dev.nestbox.console;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Hostings as the application would show them, at a fixed time, for tests and the screenshot. */
final class Samples {
    static final Instant NOW = Instant.parse("2026-11-25T13:35:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SSH_HOST = "nestbox.example.net";
    /** config.yml's two plans. */
    static final Plan MICRO = new Plan("micro", "micro", 128, 1, 1024);
    static final Plan DEBIAN = new Plan("debian-12", "debian-12", 512, 1, 4096);

    private Samples() {
    }

    static HostingView running(long id, String site, long owner, Duration age) {
        return view(id, site, owner, HostingStatus.RUNNING, ProvisioningStep.DONE, age, Optional.empty());
    }

    static HostingView provisioning(long id, String site, long owner, ProvisioningStep step, Duration age) {
        return view(id, site, owner, HostingStatus.PROVISIONING, step, age, Optional.empty());
    }

    static HostingView pending(long id, String site, long owner, Duration age) {
        return view(id, site, owner, HostingStatus.PENDING, ProvisioningStep.QUEUED, age, Optional.empty());
    }

    static HostingView failed(long id, String site, long owner, ProvisioningStep step, String reason, Duration age) {
        return view(id, site, owner, HostingStatus.FAILED, step, age, Optional.of(reason));
    }

    static HostingView deleting(long id, String site, long owner, Duration age) {
        return view(id, site, owner, HostingStatus.DELETING, ProvisioningStep.DONE, age, Optional.empty());
    }

    /** The same hosting made with {@code plan}. */
    static HostingView onPlan(HostingView view, Plan plan) {
        Hosting h = view.hosting();
        return new HostingView(new Hosting(h.id(), h.owner(), h.site(), h.machine(), h.address(), h.sshPort(), plan,
                h.sshPublicKey(), h.status(), h.step(), h.failureReason(), h.createdAt(), h.updatedAt(), h.readyAt()),
                view.webUrl(), view.sshHost(), view.sshCommand(), view.sftpCommand());
    }

    static HostingView view(long id, String site, long owner, HostingStatus status, ProvisioningStep step,
                            Duration age, Optional<String> failure) {
        Instant created = NOW.minus(age);
        Optional<Instant> ready = step == ProvisioningStep.DONE ? Optional.of(created.plusSeconds(74)) : Optional.empty();
        int port = 2200 + (int) id;
        Hosting hosting = new Hosting(new HostingId(id), new UserId(owner), SiteName.of(site),
                Ipv4Address.parse("10.77.0." + (10 + id)), port, MICRO,
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7lY4y0bS2dWl9Xk3cX0bQ8s9uXH2h6mB" + id + " " + site + "@laptop",
                status, step, failure, created, ready.orElse(created.plusSeconds(30)), ready);
        return new HostingView(hosting, "https://sites.example.net/" + site + "/", SSH_HOST,
                "ssh -p " + port + " web@" + SSH_HOST, "sftp -P " + port + " web@" + SSH_HOST);
    }
}
