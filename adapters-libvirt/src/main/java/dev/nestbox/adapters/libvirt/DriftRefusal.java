package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.ResourceDrift.Difference;

import java.util.List;
import java.util.stream.Collectors;

/** The words for a host resource that differs from the configuration: what changed, and why it is left alone. */
final class DriftRefusal {
    private DriftRefusal() {
    }

    static LibvirtUnavailable refusal(String kind, String name, List<Difference> drift, List<String> obstacles,
                                      String fix) {
        return new LibvirtUnavailable("libvirt " + kind + " '" + name + "' differs from the configuration: "
                + drift.stream().map(Difference::describe).collect(Collectors.joining("; "))
                + ". Nestbox does not define it anew, because " + String.join(" and ", obstacles)
                + ". Either change the configuration to match it, or " + fix
                + " and start Nestbox again to define it from the configuration.");
    }

    static String virsh(String uri, String command, String name) {
        return "virsh -c " + uri + " " + command + " " + name;
    }

    static String changes(List<Difference> drift) {
        return drift.stream().map(Difference::change).collect(Collectors.joining("; "));
    }

    /** "2 machines (nestbox-a, nestbox-b)" */
    static String count(List<String> names, String noun) {
        return names.size() + " " + noun + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")";
    }
}
