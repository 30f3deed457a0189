package dev.nestbox.application.port.out;

/** The host's own view of its TCP ports, so we never hand out one another process already listens on. */
public interface HostPorts {
    boolean isListening(int port);
}
