package dev.nestbox.application.service;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;

import java.net.URI;
import java.util.Objects;

/**
 * Where the world reaches sites: {@code <sitesUrl>/<site>/} (path mode) or {@code <scheme>://<site>.<host>/}
 * (subdomain mode), and {@code ssh -p <port> web@<sshHost>}.
 */
public record PublicEndpoints(URI sitesUrl, boolean subdomains, String sshHost, String siteUser) {
    public PublicEndpoints {
        Objects.requireNonNull(sitesUrl, "sitesUrl");
        Objects.requireNonNull(sshHost, "sshHost");
        Objects.requireNonNull(siteUser, "siteUser");
        if (sitesUrl.getScheme() == null || sitesUrl.getHost() == null) {
            throw new IllegalArgumentException("sites URL must be absolute, like https://sites.example.com: " + sitesUrl);
        }
    }

    public HostingView view(Hosting hosting) {
        String site = hosting.site().value();
        int port = hosting.sshPort();
        return new HostingView(hosting, webUrl(site), sshHost,
                "ssh -p " + port + " " + siteUser + "@" + sshHost,
                "sftp -P " + port + " " + siteUser + "@" + sshHost);
    }

    private String webUrl(String site) {
        String authority = sitesUrl.getRawAuthority();
        if (subdomains) {
            return sitesUrl.getScheme() + "://" + site + "." + authority + "/";
        }
        String path = sitesUrl.getRawPath() == null ? "" : sitesUrl.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return sitesUrl.getScheme() + "://" + authority + path + site + "/";
    }
}
