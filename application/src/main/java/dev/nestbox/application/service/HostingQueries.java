package dev.nestbox.application.service;

import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.OwnHosting;
import dev.nestbox.application.port.in.ShowHostingUseCase;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.util.List;
import java.util.Optional;

/** Reading hostings, for their owners and for administrators. */
public final class HostingQueries implements ShowHostingUseCase, ListHostingsUseCase, InspectHostingUseCase {
    private final Hostings hostings;
    private final PublicEndpoints endpoints;

    public HostingQueries(Hostings hostings, PublicEndpoints endpoints) {
        this.hostings = hostings;
        this.endpoints = endpoints;
    }

    @Override
    public OwnHosting show(UserId user) {
        Hostings.UserHosting found = hostings.ofUser(user);
        if (found instanceof Hostings.UserHosting.Owns owns) {
            return new OwnHosting.Found(endpoints.view(owns.hosting()));
        } else if (found instanceof Hostings.UserHosting.NoHosting) {
            return new OwnHosting.NoHosting();
        } else if (found instanceof Hostings.UserHosting.UnknownUser) {
            return new OwnHosting.UnknownUser();
        }
        throw new AssertionError("unhandled user lookup: " + found);
    }

    @Override
    public List<HostingView> list() {
        return hostings.all().stream().map(endpoints::view).toList();
    }

    @Override
    public HostingLookup inspect(SiteName site) {
        return lookup(hostings.bySite(site));
    }

    private HostingLookup lookup(Optional<Hosting> hosting) {
        return hosting.<HostingLookup>map(h -> new HostingLookup.Found(endpoints.view(h)))
                .orElseGet(HostingLookup.NotFound::new);
    }
}
