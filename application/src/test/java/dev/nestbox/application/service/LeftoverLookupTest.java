package dev.nestbox.application.service;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoverLookupTest {
    private static final SiteName ALICE = SiteName.of("alice");

    @Test
    void a_hypervisor_that_answers_is_answered_through() {
        List<Hypervisor.Resource> found = List.of(new Hypervisor.Resource(Hypervisor.Kind.DISK,
                "alice.7.qcow2", ALICE, Optional.of(new HostingId(7))));
        try (LeftoverLookup lookup = new LeftoverLookup(site -> found, Duration.ofSeconds(5), 2)) {
            assertThat(lookup.apply(ALICE)).isEqualTo(found);
        }
    }

    @Test
    void a_hung_hypervisor_holds_a_request_no_longer_than_the_wait_and_counts_as_none_known() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LeftoverLookup lookup = new LeftoverLookup(site -> {
            await(release);
            return List.of();
        }, Duration.ofMillis(200), 1)) {
            long started = System.nanoTime();
            assertThat(lookup.apply(ALICE)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            // The one thread is still stuck (cancel cannot interrupt a hung native call either): the next look is
            // turned away at once instead of queueing behind it.
            long again = System.nanoTime();
            assertThat(lookup.apply(ALICE)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_failing_hypervisor_counts_as_none_known() {
        try (LeftoverLookup lookup = new LeftoverLookup(site -> {
            throw new DependencyFailure("hypervisor", "libvirt: connection refused");
        }, Duration.ofSeconds(5), 2)) {
            assertThat(lookup.apply(ALICE)).isEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // cancelled by the lookup's timeout: keep hanging like a native call that ignores interrupts
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
