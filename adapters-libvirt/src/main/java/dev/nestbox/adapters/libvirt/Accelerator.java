package dev.nestbox.adapters.libvirt;

/** What actually runs guest code: the CPU's virtualisation (KVM) or qemu's emulator (TCG). */
enum Accelerator {
    KVM("kvm", "kvm"),
    TCG("qemu", "tcg");

    private final String domainType;
    private final String qemuName;

    Accelerator(String domainType, String qemuName) {
        this.domainType = domainType;
        this.qemuName = qemuName;
    }

    /** The {@code <domain type=...>} that selects it in libvirt. */
    String domainType() {
        return domainType;
    }

    /** The {@code -accel} name qemu knows it by. */
    String qemuName() {
        return qemuName;
    }
}
