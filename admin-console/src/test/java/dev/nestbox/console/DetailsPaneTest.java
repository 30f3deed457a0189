package dev.nestbox.console;

import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DetailsPaneTest {

    @Test
    void a_provisioning_step_says_how_far_along_it_is() {
        assertThat(DetailsPane.describeStep(Samples.pending(1, "alice", 1, Duration.ZERO).hosting()))
                .isEqualTo("queued");
        assertThat(DetailsPane.describeStep(
                Samples.provisioning(1, "alice", 1, ProvisioningStep.CREATE_DISK, Duration.ZERO).hosting()))
                .isEqualTo("create_disk (step 1 of 6)");
        assertThat(DetailsPane.describeStep(Samples.running(1, "alice", 1, Duration.ZERO).hosting()))
                .isEqualTo("done");
    }

    @Test
    void a_long_public_key_is_shortened_but_keeps_type_and_comment() {
        assertThat(DetailsPane.abbreviateKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7lY4y0bS2dWl9Xk3cX0bQ8s9uXH2h6mB alice@laptop"))
                .isEqualTo("ssh-ed25519 AAAAC3NzaC1l…uXH2h6mB alice@laptop");
        assertThat(DetailsPane.abbreviateKey("ssh-rsa AAAAshort")).isEqualTo("ssh-rsa AAAAshort");
    }

    @Test
    void sizes_are_shown_in_whole_gib_when_they_are_whole() {
        assertThat(DetailsPane.size(128)).isEqualTo("128 MiB");
        assertThat(DetailsPane.size(512)).isEqualTo("512 MiB");
        assertThat(DetailsPane.size(1024)).isEqualTo("1 GiB");
        assertThat(DetailsPane.size(4096)).isEqualTo("4 GiB");
        assertThat(DetailsPane.size(1536)).isEqualTo("1536 MiB");
    }
}
