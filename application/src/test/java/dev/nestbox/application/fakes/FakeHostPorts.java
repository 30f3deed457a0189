package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.HostPorts;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports some other process on the host listens on. */
public final class FakeHostPorts implements HostPorts {
    private final Set<Integer> listening = ConcurrentHashMap.newKeySet();
    private final Set<Integer> asked = ConcurrentHashMap.newKeySet();

    public void listen(int... ports) {
        for (int port : ports) {
            listening.add(port);
        }
    }

    @Override
    public boolean isListening(int port) {
        asked.add(port);
        return listening.contains(port);
    }

    public Set<Integer> asked() {
        return Set.copyOf(asked);
    }
}
