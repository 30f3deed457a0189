package dev.nestbox.adapters.rest.resource;

import dev.nestbox.adapters.rest.dto.LoginRequest;
import dev.nestbox.adapters.rest.dto.MessageResponse;
import dev.nestbox.adapters.rest.dto.RegisterRequest;
import dev.nestbox.adapters.rest.dto.TokenResponse;
import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import dev.nestbox.adapters.rest.filter.HashesPasswords;
import dev.nestbox.adapters.rest.filter.RateLimited;
import dev.nestbox.application.port.in.LogInCommand;
import dev.nestbox.application.port.in.LogInUseCase;
import dev.nestbox.application.port.in.LoginOutcome;
import dev.nestbox.application.port.in.RegisterUserCommand;
import dev.nestbox.application.port.in.RegisterUserUseCase;
import dev.nestbox.application.port.in.RegistrationOutcome;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /register and POST /login, exactly as the contract has them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AccountResource {
    private final RegisterUserUseCase register;
    private final LogInUseCase logIn;

    public AccountResource(RegisterUserUseCase register, LogInUseCase logIn) {
        this.register = register;
        this.logIn = logIn;
    }

    @POST
    @Path("register")
    @RateLimited
    @HashesPasswords
    public Response register(RegisterRequest body) {
        RegisterRequest request = required(body);
        RegistrationOutcome outcome = register.register(
                RegisterUserCommand.of(request.email(), request.password(), request.username()));
        if (outcome instanceof RegistrationOutcome.Registered) {
            return Response.status(Response.Status.CREATED)
                    .entity(MessageResponse.ok("User registered successfully"))
                    .build();
        } else if (outcome instanceof RegistrationOutcome.EmailTaken) {
            throw new ApiException(ApiError.EMAIL_TAKEN, ApiError.EMAIL_TAKEN.defaultMessage(), "email");
        }
        throw new AssertionError("unhandled registration outcome: " + outcome);
    }

    @POST
    @Path("login")
    @RateLimited
    @HashesPasswords
    public TokenResponse login(LoginRequest body) {
        LoginRequest request = required(body);
        LoginOutcome outcome = logIn.logIn(new LogInCommand(request.email(), request.password()));
        if (outcome instanceof LoginOutcome.LoggedIn loggedIn) {
            return new TokenResponse(true, loggedIn.token());
        } else if (outcome instanceof LoginOutcome.BadCredentials) {
            throw new ApiException(ApiError.INVALID_CREDENTIALS, ApiError.INVALID_CREDENTIALS.defaultMessage());
        }
        throw new AssertionError("unhandled login outcome: " + outcome);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ApiException(ApiError.INVALID_INPUT, "A JSON body is required");
        }
        return body;
    }
}
