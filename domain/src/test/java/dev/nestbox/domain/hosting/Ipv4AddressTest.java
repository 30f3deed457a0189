package dev.nestbox.domain.hosting;

import dev.nestbox.domain.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.88.0.2", "127.0.0.1", "192.168.100.254", "255.255.255.255"})
    void dotted_quads_round_trip(String text) {
        assertThat(Ipv4Address.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void keeps_the_32_bit_value() {
        assertThat(Ipv4Address.parse("10.88.0.2").bits()).isEqualTo(0x0A580002);
        assertThat(Ipv4Address.parse("255.255.255.255").bits()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.88.0", "10.88.0.2.1", "10.88.0.256", "10.88..2", "10.88.0.-1", "10.88.0.02",
            "10.88.0.2 ", " 10.88.0.2", "a.b.c.d", "10.88.0.2/24", "1e1.0.0.1", "10.88.0.0002", "+1.2.3.4", "::1"})
    void anything_else_is_refused(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("address"));
    }

    @Test
    void missing_is_required() {
        assertThatThrownBy(() -> Ipv4Address.parse(null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void orders_as_unsigned_numbers_and_steps_across_octets() {
        assertThat(Ipv4Address.parse("200.0.0.1")).isGreaterThan(Ipv4Address.parse("10.0.0.1"));
        assertThat(Ipv4Address.parse("10.0.0.255").plus(1)).isEqualTo(Ipv4Address.parse("10.0.1.0"));
        assertThat(Ipv4Address.parse("10.0.1.0").plus(-1)).isEqualTo(Ipv4Address.parse("10.0.0.255"));
    }
}
