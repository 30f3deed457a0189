package dev.nestbox.console;

import dev.nestbox.application.port.in.HealingReport;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StatusBarTest {

    @Test
    void the_healing_report_says_what_the_healer_did_or_what_is_down_now() {
        assertThat(StatusBar.describeHealing(new HealingReport(0, 0, Optional.empty(), Optional.empty())))
                .isEqualTo("Machines not checked yet");
        assertThat(StatusBar.describeHealing(new HealingReport(0, 0, Optional.empty(), Optional.of(Samples.NOW))))
                .isEqualTo("Machines: all running");
        assertThat(StatusBar.describeHealing(new HealingReport(2, 1, Optional.of("alice failed: gone"),
                Optional.of(Samples.NOW))))
                .isEqualTo("Machines: 2 restarted, 1 failed");
        assertThat(StatusBar.describeHealing(new HealingReport(0, 0,
                Optional.of("running hostings without a running machine now: bob (stopped)"),
                Optional.of(Samples.NOW))))
                .isEqualTo("⚠ running hostings without a running machine now: bob (stopped)");
    }
}
