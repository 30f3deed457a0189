package dev.nestbox.adapters.rest.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sha256 hashes of every inline script in each exported page, computed at build time by
 * {@code web/tools/csp-hashes.mjs} into {@code csp-hashes.json} ({"signin/index.html": ["sha256-..."], ...}).
 * They let the CSP allow exactly the scripts Next.js inlines, and no other inline script.
 */
final class ScriptHashes {
    static final String FILE = "csp-hashes.json";
    private static final Logger LOG = LoggerFactory.getLogger(ScriptHashes.class);
    private static final Pattern HASH = Pattern.compile("^sha256-[A-Za-z0-9+/]{43}=$");
    private final Map<String, List<String>> byPage;

    private ScriptHashes(Map<String, List<String>> byPage) {
        this.byPage = byPage;
    }

    static ScriptHashes load(ClassLoader loader, String root) {
        InputStream in = loader.getResourceAsStream(root + FILE);
        if (in == null) {
            if (loader.getResource(root + "index.html") != null) {
                LOG.warn("{}{} is missing: the dashboard's inline scripts will be blocked by its CSP; "
                        + "rebuild web/ (npm run build)", root, FILE);
            }
            return new ScriptHashes(Map.of());
        }
        try (in) {
            Map<String, List<String>> read = new ObjectMapper().readValue(in, new TypeReference<>() {
            });
            read.values().forEach(hashes -> hashes.forEach(ScriptHashes::requireHash));
            return new ScriptHashes(Map.copyOf(read));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + FILE, e);
        }
    }

    /** The CSP sources for {@code page}'s inline scripts, e.g. {@code 'sha256-...' 'sha256-...'}. */
    List<String> sourcesFor(String page) {
        return byPage.getOrDefault(page, List.of()).stream().map(hash -> "'" + hash + "'").toList();
    }

    private static void requireHash(String hash) {
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalStateException("not a CSP sha256 source in " + FILE + ": " + hash);
        }
    }
}
