package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's CSP allows no inline script but the ones its exported pages really contain: for every page in
 * the packed static export, each inline script's sha256 is in the script-src sent with that page, and
 * 'unsafe-inline' is not. Hashes are computed here, independently of the build's own list.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardCspTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE);
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private final ApiClient api = new ApiClient(APP.getLocalPort());

    @Test
    void every_inline_script_of_every_page_is_allowed_by_hash_and_nothing_inline_else() throws Exception {
        Map<String, String> pages = exportedPages();
        assertThat(pages).containsKeys("index.html", "signin/index.html", "signup/index.html",
                "dashboard/index.html", "404.html");
        int inlineScripts = 0;
        for (var page : pages.entrySet()) {
            var reply = api.send(api.builder(urlOf(page.getKey()), null).header("Accept", "text/html").GET());
            assertThat(reply.status()).as(page.getKey()).isIn(200, 404);
            assertThat(reply.body()).as(page.getKey()).isEqualTo(page.getValue());
            String csp = reply.header("Content-Security-Policy");
            assertThat(csp).as(page.getKey()).isNotNull();
            List<String> scriptSrc = directive(csp, "script-src");
            assertThat(scriptSrc).as(page.getKey()).contains("'self'")
                    .doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*", "data:");
            for (String script : inlineScripts(page.getValue())) {
                assertThat(scriptSrc).as("%s: inline script %s", page.getKey(), abbreviated(script))
                        .contains("'sha256-" + sha256(script) + "'");
                inlineScripts++;
            }
            assertThat(directive(csp, "object-src")).containsExactly("'none'");
            assertThat(directive(csp, "frame-ancestors")).containsExactly("'none'");
            assertThat(directive(csp, "base-uri")).containsExactly("'none'");
            assertThat(directive(csp, "default-src")).containsExactly("'self'");
            assertThat(directive(csp, "connect-src")).containsExactly("'self'");
        }
        assertThat(inlineScripts).as("Next.js inlines its bootstrap scripts; none found means a broken test")
                .isPositive();
    }

    @Test
    void an_unknown_page_gets_the_404_page_with_its_own_hashes() throws Exception {
        var reply = api.send(api.builder("/no/such/page", null).header("Accept", "text/html").GET());
        assertThat(reply.status()).isEqualTo(404);
        List<String> scriptSrc = directive(reply.header("Content-Security-Policy"), "script-src");
        for (String script : inlineScripts(reply.body())) {
            assertThat(scriptSrc).contains("'sha256-" + sha256(script) + "'");
        }
        assertThat(scriptSrc).doesNotContain("'unsafe-inline'");
    }

    private static String urlOf(String page) {
        if (page.equals("404.html")) {
            return "/no-such-page-" + System.nanoTime();
        }
        return "/" + page.substring(0, page.length() - "index.html".length());
    }

    private static List<String> directive(String csp, String name) {
        for (String directive : csp.split(";")) {
            List<String> parts = Arrays.asList(directive.strip().split("\\s+"));
            if (parts.get(0).equals(name)) {
                return parts.subList(1, parts.size());
            }
        }
        throw new AssertionError("no " + name + " in " + csp);
    }

    private static List<String> inlineScripts(String html) {
        List<String> scripts = new ArrayList<>();
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            if (!m.group(1).toLowerCase().matches(".*\\bsrc\\s*=.*")) {
                scripts.add(m.group(2));
            }
        }
        return scripts;
    }

    private static String sha256(String script) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
    }

    private static String abbreviated(String script) {
        return script.length() <= 60 ? script : script.substring(0, 60) + "...";
    }

    /** Every .html of the packed export on the classpath (in the web jar, or its classes folder), by path. */
    private static Map<String, String> exportedPages() throws Exception {
        URL index = DashboardCspTest.class.getClassLoader().getResource("dashboard/index.html");
        assertThat(index).as("the dashboard's export on the classpath").isNotNull();
        URI uri = index.toURI();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return pagesUnder(jar.getPath("/dashboard"));
            }
        }
        return pagesUnder(Path.of(uri).getParent());
    }

    private static Map<String, String> pagesUnder(Path root) throws IOException {
        Map<String, String> pages = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".html"))::iterator) {
                pages.put(root.relativize(file).toString().replace('\\', '/'),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return pages;
    }
}
