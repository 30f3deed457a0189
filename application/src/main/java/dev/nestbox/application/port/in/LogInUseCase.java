package dev.nestbox.application.port.in;

public interface LogInUseCase {
    LoginOutcome logIn(LogInCommand command);
}
