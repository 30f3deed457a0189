package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallPartsTest {

    @Test
    void polling_pauses_between_attempts_and_reports_the_last_reason() {
        AtomicInteger attempts = new AtomicInteger();
        Polling polling = new Polling(Duration.ofSeconds(1), Duration.ofMillis(100));

        Readiness readiness = polling.until(Duration.ofMillis(500), "thing", budget -> {
            assertThat(budget).isLessThanOrEqualTo(Duration.ofSeconds(1));
            return Optional.of("no " + attempts.incrementAndGet());
        });

        assertThat(attempts.get()).isBetween(4, 7);
        assertThat(((Readiness.NotReady) readiness).reason()).startsWith("thing not ready after " + attempts.get())
                .endsWith(": no " + attempts.get());
    }

    @Test
    void polling_stops_at_the_first_success_and_tries_once_even_without_time() {
        AtomicInteger attempts = new AtomicInteger();
        Polling polling = new Polling(Duration.ofSeconds(1), Duration.ofMillis(10));

        assertThat(polling.until(Duration.ofSeconds(5), "x",
                b -> attempts.incrementAndGet() < 3 ? Optional.of("not yet") : Optional.empty()))
                .isEqualTo(new Readiness.Ready());
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(polling.until(Duration.ZERO, "x", b -> Optional.empty())).isEqualTo(new Readiness.Ready());
    }

    @Test
    void shell_quoting_survives_a_real_shell() {
        for (String word : new String[] {"alice", "a'b", "$(id)", "x; rm -rf /", "'", "", "-n", "a\"b\\c"}) {
            String out = SystemTools.runOk("/bin/sh", "-c", "printf '%s|' " + JschGuestProvisioner.shellQuoted(word))
                    .stdout();
            assertThat(out).isEqualTo(word + "|");
        }
    }

    @Test
    void guest_text_drops_escapes_and_controls_and_cuts_long_output() {
        assertThat(GuestText.sanitise("ok\u001B[1;31m red\u001B[0m\r\n\u0007bell\u202Eevil", false))
                .isEqualTo("ok red\n?bell?evil");
        String cut = GuestText.sanitise("y".repeat(5000), false);
        assertThat(cut).hasSize(GuestText.MAX_CHARS + " [...truncated]".length()).endsWith("[...truncated]");
    }

    @Test
    void settings_refuse_nonsense() {
        var defaults = GuestSshSettings.defaults(java.nio.file.Path.of("/x"));
        assertThat(defaults.guestSshPort()).isEqualTo(22);
        assertThat(defaults.guestHttpPort()).isEqualTo(80);
        assertThatThrownBy(() -> defaults.withPorts(0, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTimings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
