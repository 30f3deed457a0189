package dev.nestbox.console;

import dev.nestbox.application.port.out.DependencyFailure;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void a_dependency_failure_names_the_outside_system() {
        assertThat(Failures.describe("Could not list hostings",
                new DependencyFailure("database", "connection refused")))
                .isEqualTo("Could not list hostings: the database is unavailable (connection refused)");
    }

    @Test
    void any_other_exception_shows_its_message_or_its_kind() {
        assertThat(Failures.describe("Could not inspect bob", new IllegalStateException("boom")))
                .isEqualTo("Could not inspect bob (boom)");
        assertThat(Failures.describe("Could not inspect bob", new NullPointerException()))
                .isEqualTo("Could not inspect bob (NullPointerException)");
    }

    @Test
    void wrappers_are_looked_through() {
        assertThat(Failures.describe("Could not force delete bob",
                new CompletionException(new DependencyFailure("hypervisor", "libvirt is down"))))
                .isEqualTo("Could not force delete bob: the hypervisor is unavailable (libvirt is down)");
    }
}
