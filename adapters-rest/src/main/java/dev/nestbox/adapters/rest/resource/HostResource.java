package dev.nestbox.adapters.rest.resource;

import dev.nestbox.adapters.rest.auth.AuthenticatedUser;
import dev.nestbox.adapters.rest.auth.UserCheckedByQuery;
import dev.nestbox.adapters.rest.dto.DataResponse;
import dev.nestbox.adapters.rest.dto.HostCreated;
import dev.nestbox.adapters.rest.dto.HostDetails;
import dev.nestbox.adapters.rest.dto.HostRequest;
import dev.nestbox.adapters.rest.dto.MessageResponse;
import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import dev.nestbox.adapters.rest.filter.HostingChangeLimited;
import dev.nestbox.application.port.in.DeleteHostingUseCase;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.application.port.in.OwnHosting;
import dev.nestbox.application.port.in.RequestHostingCommand;
import dev.nestbox.application.port.in.RequestHostingUseCase;
import dev.nestbox.application.port.in.ShowHostingUseCase;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.plan.Plan;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** POST, GET and DELETE /host: the signed-in user's one hosting. */
@Path("/host")
@Produces(MediaType.APPLICATION_JSON)
public final class HostResource {
    private final RequestHostingUseCase request;
    private final ShowHostingUseCase show;
    private final DeleteHostingUseCase delete;

    public HostResource(RequestHostingUseCase request, ShowHostingUseCase show, DeleteHostingUseCase delete) {
        this.request = request;
        this.show = show;
        this.delete = delete;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @HostingChangeLimited
    public Response create(@Auth AuthenticatedUser user, HostRequest body) {
        Optional<String> key = Optional.ofNullable(body).map(HostRequest::sshPublicKey)
                .filter(k -> !k.isBlank());
        Optional<String> plan = Optional.ofNullable(body).map(HostRequest::plan);
        if (plan.isPresent() && !Plan.isName(plan.get())) {
            throw new ApiException(ApiError.INVALID_INPUT, "plan: not a plan name (GET /plans lists them)", "plan");
        }
        HostingRequestOutcome outcome = request.request(new RequestHostingCommand(user.id(), key, plan));
        if (outcome instanceof HostingRequestOutcome.Accepted accepted) {
            HostingView view = accepted.hosting();
            Hosting h = view.hosting();
            HostCreated created = new HostCreated(h.site().value(), view.webUrl(), h.sshPort(), view.sshCommand(),
                    view.sftpCommand(), h.status().label(), accepted.generatedPrivateKey().orElse(null),
                    h.plan().name(), accepted.fromPool() ? "warm" : "cold");
            CacheControl noStore = new CacheControl();
            noStore.setNoStore(true);
            return Response.status(Response.Status.CREATED).cacheControl(noStore)
                    .entity(DataResponse.ok(created)).build();
        } else if (outcome instanceof HostingRequestOutcome.AlreadyHasHosting) {
            throw new ApiException(ApiError.HOSTING_EXISTS, ApiError.HOSTING_EXISTS.defaultMessage());
        } else if (outcome instanceof HostingRequestOutcome.InvalidPublicKey invalid) {
            throw new ApiException(ApiError.INVALID_INPUT, "ssh_public_key: " + invalid.reason(), "ssh_public_key");
        } else if (outcome instanceof HostingRequestOutcome.SiteNameHasLeftovers leftovers) {
            throw new ApiException(ApiError.SITE_NAME_HAS_LEFTOVERS, "The site name " + leftovers.site().value()
                    + " still holds an earlier site's machine or disk on this host; it is not reused until an"
                    + " administrator has removed them. Please contact support.");
        } else if (outcome instanceof HostingRequestOutcome.UnknownPlan unknown) {
            throw new ApiException(ApiError.INVALID_INPUT, "plan: there is no plan '" + unknown.requested()
                    + "'; choose one of " + String.join(", ", unknown.offered()), "plan");
        } else if (outcome instanceof HostingRequestOutcome.PlanUnavailable unavailable) {
            throw new ApiException(ApiError.PLAN_UNAVAILABLE, "The plan " + unavailable.plan()
                    + " cannot be provided on this host right now; please choose another plan or try again later");
        } else if (outcome instanceof HostingRequestOutcome.CapacityExhausted full) {
            throw new ApiException(ApiError.CAPACITY_EXHAUSTED,
                    "No capacity for a new site right now (" + full.reason() + "); please try again later");
        }
        throw new AssertionError("unhandled hosting request outcome: " + outcome);
    }

    @GET
    @UserCheckedByQuery
    public DataResponse<HostDetails> show(@Auth AuthenticatedUser user) {
        OwnHosting lookup = show.show(user.id());
        if (lookup instanceof OwnHosting.Found found) {
            return DataResponse.ok(HostDetails.of(found.hosting()));
        } else if (lookup instanceof OwnHosting.NoHosting) {
            throw noHosting();
        } else if (lookup instanceof OwnHosting.UnknownUser) {
            // As the filter answers a token whose user is gone.
            throw new ApiException(ApiError.UNAUTHORIZED, ApiError.UNAUTHORIZED.defaultMessage());
        }
        throw new AssertionError("unhandled hosting lookup: " + lookup);
    }

    @DELETE
    @HostingChangeLimited
    public MessageResponse delete(@Auth AuthenticatedUser user) {
        DeletionOutcome outcome = delete.delete(user.id());
        if (outcome instanceof DeletionOutcome.Deleted) {
            return MessageResponse.ok("Hosting deleted successfully");
        } else if (outcome instanceof DeletionOutcome.NotFound) {
            throw noHosting();
        }
        throw new AssertionError("unhandled deletion outcome: " + outcome);
    }

    private static ApiException noHosting() {
        return new ApiException(ApiError.NOT_FOUND, "You have no hosting yet; POST /host creates one");
    }
}
