package dev.nestbox.adapters.rest.filter;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressLimiterTest {
    private static final String ATTACKER = "203.0.113.66";

    @Test
    void filling_the_table_past_its_bound_never_gives_an_active_attacker_a_fresh_bucket() {
        // The production bound, so that the old "clear everything at 100,000" would have failed here. One
        // attempt a minute: no token comes back while the test runs.
        ClientAddressLimiter limiter = new ClientAddressLimiter(1, 20);
        exhaust(limiter);
        for (int i = 0; i < 250_000; i++) {
            limiter.attempt(fillerAddress(i));
            if (i % 500 == 0) {
                assertThat(limiter.attempt(ATTACKER)).as("attacker after %d other addresses", i).isPresent();
            }
        }
        assertThat(limiter.attempt(ATTACKER)).isPresent();
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(TokenBuckets.DEFAULT_MAX_KEYS);
    }

    @Test
    void a_small_table_stays_within_its_bound_and_still_remembers_the_attacker() {
        ClientAddressLimiter limiter = new ClientAddressLimiter(1, 20, 1_000);
        exhaust(limiter);
        for (int i = 0; i < 50_000; i++) {
            limiter.attempt(fillerAddress(i));
            if (i % 200 == 0) {
                assertThat(limiter.attempt(ATTACKER)).as("attacker after %d other addresses", i).isPresent();
            }
        }
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(1_000);
        assertThat(limiter.attempt("198.51.100.1")).as("a new address is still served").isEmpty();
    }

    @Test
    void a_refusal_says_how_long_to_wait() {
        ClientAddressLimiter limiter = new ClientAddressLimiter(10, 20);
        exhaust(limiter);
        assertThat(limiter.attempt(ATTACKER)).hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6)));
    }

    @Test
    void zero_per_minute_means_no_limit() {
        ClientAddressLimiter limiter = new ClientAddressLimiter(0, 20);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.attempt(ATTACKER)).isEmpty();
        }
    }

    private static void exhaust(ClientAddressLimiter limiter) {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.attempt(ATTACKER)).as("attempt %d of the burst", i + 1).isEmpty();
        }
        assertThat(limiter.attempt(ATTACKER)).isPresent();
    }

    private static String fillerAddress(int i) {
        return "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
    }
}
