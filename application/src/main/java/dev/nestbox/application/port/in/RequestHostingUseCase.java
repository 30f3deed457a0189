package dev.nestbox.application.port.in;

public interface RequestHostingUseCase {
    HostingRequestOutcome request(RequestHostingCommand command);
}
