package dev.nestbox.application.port.in;

public interface RegisterUserUseCase {
    RegistrationOutcome register(RegisterUserCommand command);
}
