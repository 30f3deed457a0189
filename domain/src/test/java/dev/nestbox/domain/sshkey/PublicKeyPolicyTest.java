package dev.nestbox.domain.sshkey;

import dev.nestbox.domain.sshkey.PublicKeyPolicy.Refusal;
import dev.nestbox.domain.sshkey.PublicKeyPolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PublicKeyPolicyTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"})
    void the_usual_types_are_accepted(String type) {
        assertThat(PublicKeyPolicy.type(type)).isInstanceOf(Verdict.Accepted.class);
        assertThat(PublicKeyPolicy.acceptsType(type)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "ssh-dss, DSA",
            "SSH-DSS, DSA",
            "sk-ssh-ed25519@openssh.com, SECURITY_KEY",
            "sk-ecdsa-sha2-nistp256@openssh.com, SECURITY_KEY",
            "ssh-ed25519-cert-v01@openssh.com, CERTIFICATE",
            "ssh-rsa-cert-v01@openssh.com, CERTIFICATE",
            "ecdsa-sha2-nistp224, UNKNOWN_TYPE",
            "Ssh-Ed25519, UNKNOWN_TYPE",
            "command=\"true\", UNKNOWN_TYPE"})
    void other_types_are_refused_with_their_reason(String type, Refusal refusal) {
        Verdict verdict = PublicKeyPolicy.type(type);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(refusal);
            assertThat(r.message()).isNotBlank();
        });
        assertThat(PublicKeyPolicy.acceptsType(type)).isFalse();
    }

    @Test
    void an_unknown_type_is_named_in_the_message_with_unprintable_characters_masked() {
        Verdict verdict = PublicKeyPolicy.type("x\u0007y" + "z".repeat(60));

        assertThat(((Verdict.Refused) verdict).message())
                .contains("'x?y" + "z".repeat(37) + "...'").doesNotContain("\u0007");
    }

    @ParameterizedTest
    @CsvSource({"1024, RSA_TOO_SHORT", "2048, RSA_TOO_SHORT", "3071, RSA_TOO_SHORT", "16385, RSA_TOO_LONG"})
    void rsa_keys_outside_3072_to_16384_bits_are_refused(int bits, Refusal refusal) {
        assertThat(PublicKeyPolicy.rsaModulus(bits)).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(refusal));
    }

    @ParameterizedTest
    @ValueSource(ints = {3072, 4096, 8192, 16384})
    void rsa_keys_from_3072_to_16384_bits_are_accepted(int bits) {
        assertThat(PublicKeyPolicy.rsaModulus(bits)).isInstanceOf(Verdict.Accepted.class);
    }
}
