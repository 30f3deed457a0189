package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HostingFilterTest {
    private final HostingView alice = Samples.running(1, "alice", 42, Duration.ofDays(1));
    private final HostingView carol = Samples.onPlan(Samples.running(3, "carol", 9, Duration.ofHours(2)), Samples.DEBIAN);
    private final HostingView bob = Samples.failed(2, "bob", 7, ProvisioningStep.WAIT_SSH, "Guest timed out",
            Duration.ofHours(1));

    @Test
    void an_empty_filter_keeps_everything() {
        HostingFilter filter = HostingFilter.of("   ", Optional.empty());
        assertThat(filter.isEverything()).isTrue();
        assertThat(filter.test(alice)).isTrue();
    }

    @Test
    void words_match_any_field_ignoring_case() {
        assertThat(HostingFilter.of("ALI", Optional.empty()).test(alice)).isTrue();
        assertThat(HostingFilter.of("42", Optional.empty()).test(alice)).isTrue();
        assertThat(HostingFilter.of("10.77.0.12", Optional.empty()).test(bob)).isTrue();
        assertThat(HostingFilter.of("2202", Optional.empty()).test(bob)).isTrue();
        assertThat(HostingFilter.of("timed out", Optional.empty()).test(bob)).isTrue();
        assertThat(HostingFilter.of("wait_ssh", Optional.empty()).test(bob)).isTrue();
        assertThat(HostingFilter.of("sites.example.net/alice", Optional.empty()).test(alice)).isTrue();
    }

    @Test
    void every_word_must_match() {
        assertThat(HostingFilter.of("bob failed", Optional.empty()).test(bob)).isTrue();
        assertThat(HostingFilter.of("bob running", Optional.empty()).test(bob)).isFalse();
    }

    @Test
    void a_chosen_status_must_match_too() {
        HostingFilter failedOnly = HostingFilter.of("", Optional.of(HostingStatus.FAILED));
        assertThat(failedOnly.isEverything()).isFalse();
        assertThat(failedOnly.test(bob)).isTrue();
        assertThat(failedOnly.test(alice)).isFalse();
    }

    @Test
    void a_chosen_plan_must_match_by_its_whole_name() {
        HostingFilter debianOnly = HostingFilter.of("", Optional.empty(), Optional.of("debian-12"));
        assertThat(debianOnly.isEverything()).isFalse();
        assertThat(debianOnly.test(carol)).isTrue();
        assertThat(debianOnly.test(alice)).isFalse();
        assertThat(HostingFilter.of("", Optional.empty(), Optional.of("debian")).test(carol)).isFalse();
        assertThat(HostingFilter.of("", Optional.empty(), Optional.of("micro")).test(alice)).isTrue();
    }

    @Test
    void plan_status_and_words_combine() {
        assertThat(HostingFilter.of("carol", Optional.of(HostingStatus.RUNNING), Optional.of("debian-12"))
                .test(carol)).isTrue();
        assertThat(HostingFilter.of("carol", Optional.of(HostingStatus.FAILED), Optional.of("debian-12"))
                .test(carol)).isFalse();
        assertThat(HostingFilter.of("alice", Optional.empty(), Optional.of("debian-12")).test(alice)).isFalse();
    }

    @Test
    void a_word_matches_the_plan_name_too() {
        assertThat(HostingFilter.of("debian", Optional.empty()).test(carol)).isTrue();
        assertThat(HostingFilter.of("debian", Optional.empty()).test(alice)).isFalse();
        assertThat(HostingFilter.of("micro", Optional.empty()).test(alice)).isTrue();
    }
}
