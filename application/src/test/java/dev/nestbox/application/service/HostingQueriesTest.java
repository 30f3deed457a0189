package dev.nestbox.application.service;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.application.port.in.OwnHosting;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostingQueriesTest {
    private final Host host = new Host();
    private final PublicEndpoints paths = new PublicEndpoints(URI.create("https://example.com/sites"), false, "ssh.example.com", "web");
    private final HostingQueries queries = new HostingQueries(host.hostings, paths);

    @Test
    void an_owner_sees_their_hosting_with_its_addresses() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);

        OwnHosting lookup = queries.show(alice.owner().orElseThrow());

        assertThat(lookup).isEqualTo(new OwnHosting.Found(new HostingView(alice, "https://example.com/sites/alice/",
                "ssh.example.com", "ssh -p 20001 web@ssh.example.com", "sftp -P 20001 web@ssh.example.com")));
    }

    @Test
    void someone_without_a_hosting_gets_not_found() {
        host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);

        assertThat(queries.show(new UserId(2))).isEqualTo(new OwnHosting.NoHosting());
        assertThat(queries.inspect(SiteName.of("nobody"))).isEqualTo(new HostingLookup.NotFound());
    }

    @Test
    void a_user_who_no_longer_exists_is_told_apart_from_one_without_a_hosting() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);

        host.hostings.deleteUser(alice.owner().orElseThrow());

        assertThat(queries.show(alice.owner().orElseThrow())).isEqualTo(new OwnHosting.UnknownUser());
    }

    @Test
    void administrators_list_every_hosting_and_inspect_one_by_site() {
        host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hosting bob = host.store(2, "bob", HostingStatus.FAILED, ProvisioningStep.WAIT_SSH);

        assertThat(queries.list()).extracting(v -> v.hosting().site().value()).containsExactly("alice", "bob");
        assertThat(queries.inspect(bob.site())).isInstanceOfSatisfying(HostingLookup.Found.class,
                found -> assertThat(found.hosting().hosting()).isEqualTo(bob));
    }

    @Test
    void subdomain_mode_puts_the_site_in_the_host_name() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        var subdomains = new PublicEndpoints(URI.create("https://sites.example.com:8443"), true, "example.com", "web");

        assertThat(subdomains.view(alice).webUrl()).isEqualTo("https://alice.sites.example.com:8443/");
        assertThat(paths.view(alice).webUrl()).isEqualTo("https://example.com/sites/alice/");
        assertThat(new PublicEndpoints(URI.create("https://example.com"), false, "example.com", "web").view(alice).webUrl())
                .isEqualTo("https://example.com/alice/");
    }

    @Test
    void the_sites_url_must_be_absolute() {
        assertThatThrownBy(() -> new PublicEndpoints(URI.create("/sites"), false, "example.com", "web"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
