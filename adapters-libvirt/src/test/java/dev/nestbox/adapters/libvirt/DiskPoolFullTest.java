package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskPoolFullTest {
    @Test
    void a_pool_with_less_than_the_reserve_free_refuses_a_new_disk_naming_pool_and_figures() {
        assertThatThrownBy(() -> DiskPoolFull.requireRoom("nestbox", 512L * 1024))
                .isInstanceOf(DiskPoolFull.class)
                .hasMessageContaining("disk pool 'nestbox' is full")
                .hasMessageContaining("0 MiB free")
                .hasMessageContaining("at least 256 MiB");
        assertThatThrownBy(() -> DiskPoolFull.requireRoom("nestbox", DiskPoolFull.RESERVE_BYTES - 1))
                .isInstanceOf(DiskPoolFull.class);
    }

    @Test
    void a_pool_with_the_reserve_free_takes_the_disk() {
        assertThatCode(() -> DiskPoolFull.requireRoom("nestbox", DiskPoolFull.RESERVE_BYTES)).doesNotThrowAnyException();
    }
}
