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
}
