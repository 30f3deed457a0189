package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nestbox.domain.hosting.SiteName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@PanelHostIsNoSiteHost
public class PublicSettings {
    /** Where users open the dashboard and call the API. */
    @NotBlank @JsonProperty public String panelUrl = "http://127.0.0.1:8080";
    /** Sites live at {@code <sitesUrl>/<site>/} (or {@code <site>.<host>} with subdomains). */
    @NotBlank @JsonProperty public String sitesUrl = "http://127.0.0.1:8088";
    @JsonProperty public boolean subdomains = false;
    /** The host name users put in {@code ssh -p <port> web@<sshHost>}. */
    @NotBlank @JsonProperty public String sshHost = "127.0.0.1";
    /**
     * Site names no new site may take, beyond the built-in list: host labels of this deployment under the sites
     * domain ({@code www}, {@code mail}, ...). The panel's own label is added without being listed here.
     */
    @NotNull @JsonProperty public List<@NotBlank String> reservedSiteNames = List.of();

    /**
     * The names new sites must avoid: the built-in list, {@link #reservedSiteNames}, and the label right under the
     * sites host in the panel's host ({@code console} for {@code console.example.com}), in either routing mode so
     * that turning {@link #subdomains} on later cannot hand an existing site the panel's host.
     */
    @JsonIgnore
    public SiteName.Reservations siteNameReservations() {
        Set<String> names = new LinkedHashSet<>(reservedSiteNames);
        panelLabelUnderSitesHost().ifPresent(names::add);
        return SiteName.Reservations.plus(names);
    }

    /** The label directly under the sites host in the panel's host name, if the panel lives under it. */
    @JsonIgnore
    public Optional<String> panelLabelUnderSitesHost() {
        Optional<String> panel = host(panelUrl);
        Optional<String> sites = host(sitesUrl);
        if (panel.isEmpty() || sites.isEmpty() || !panel.get().endsWith("." + sites.get())) {
            return Optional.empty();
        }
        String above = panel.get().substring(0, panel.get().length() - sites.get().length() - 1);
        return Optional.of(above.substring(above.lastIndexOf('.') + 1));
    }

    /** The host name of an absolute URL, lower case and without a trailing dot; empty if there is none. */
    static Optional<String> host(String url) {
        try {
            String host = url == null ? null : URI.create(url.strip()).getHost();
            if (host == null || host.isEmpty()) {
                return Optional.empty();
            }
            host = host.toLowerCase(Locale.ROOT);
            return Optional.of(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
