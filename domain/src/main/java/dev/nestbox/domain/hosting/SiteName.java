package dev.nestbox.domain.hosting;

import dev.nestbox.domain.InvalidValueException;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code vm_id} of the contract: the URL path segment of a site and the name of its machine.
 * Lower-case {@code [a-z0-9-]}, 3-32 characters, no leading or trailing {@code -}, never a reserved word.
 */
public record SiteName(String value) {
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;
    /** The shape alone, without the length bounds and reserved words; the one definition adapters check against. */
    public static final Pattern SHAPE = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
    private static final String FALLBACK = "site";
    /**
     * Spares of the warm pool are named {@code spare--<hex>}: a double hyphen never occurs in a name derived from a
     * username (runs of other characters collapse to one hyphen), so no user's site can take a spare's name.
     */
    public static final String SPARE_PREFIX = "spare--";
    private static final Pattern SPARE = Pattern.compile("^spare--[0-9a-f]{8,16}$");

    /** Words that name our own paths, or look like they could, on the panel or the sites origin. */
    public static final Set<String> RESERVED = Set.of(
            "register", "login", "logout", "host", "hosts", "api", "admin", "administrator", "health",
            "healthcheck", "metrics", "static", "assets", "app", "dashboard", "signin", "signup", "signout",
            "www", "_next", "next", "root", "nestbox", "panel", "status", "system", "support", "help", "docs",
            "mail", "ftp", "ssh", "sftp", "web", "default", "null", "undefined", "localhost", "favicon-ico",
            "robots-txt", "well-known", "index", "account", "accounts", "user", "users", "auth", "oauth",
            "ping", "tasks", "errors", "error", "test", "nginx", "site", "sites", "new");

    public SiteName {
        InvalidValueException.required("vm_id", value);
        if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            throw new InvalidValueException("vm_id", "site name must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("vm_id",
                    "site name must be lower-case letters, digits and '-', not starting or ending with '-'");
        }
        if (RESERVED.contains(value)) {
            throw new InvalidValueException("vm_id", "site name '" + value + "' is reserved");
        }
    }

    public static SiteName of(String value) {
        return new SiteName(value);
    }

    /**
     * The {@code attempt}-th candidate for a user's site: attempt 0 is the name derived from the username,
     * later attempts add a numeric suffix ({@code alice-2}, {@code alice-3}, ...). Reserved bases always
     * take a suffix; a username with no Latin letter or digit (Korean, emoji) gives {@code site-1}, {@code site-2}, ...
     */
    public static SiteName candidate(String username, int attempt) {
        return Reservations.BUILT_IN.candidate(username, attempt);
    }

    /**
     * The names one deployment keeps from new sites: {@link #RESERVED} plus names of its own, such as the first
     * label of a panel that lives at {@code console.<sites host>}, whose host a site named {@code console} would
     * otherwise get. Only new names are checked here: a stored site keeps loading with {@link #of}.
     *
     * @param extra names beyond {@link #RESERVED}, compared in lower case
     */
    public record Reservations(Set<String> extra) {
        public static final Reservations BUILT_IN = new Reservations(Set.of());

        public Reservations {
            if (extra == null || extra.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("reserved site names must not be null");
            }
            extra = extra.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        public static Reservations plus(Collection<String> names) {
            return new Reservations(Set.copyOf(names));
        }

        public boolean reserves(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return RESERVED.contains(lower) || extra.contains(lower);
        }

        /**
         * The {@code attempt}-th candidate for a user's site, as {@link SiteName#candidate(String, int)} describes,
         * never a name reserved here: such names are skipped as if taken.
         */
        public SiteName candidate(String username, int attempt) {
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must not be negative");
            }
            String base = base(username);
            // A name with nothing usable in it counts site-1, site-2, ...; a reserved word's bare form is "taken".
            boolean fallback = base.isEmpty();
            if (fallback) {
                base = FALLBACK;
            }
            // The bare slug counts as number 1 (so "alice" is followed by "alice-2"); the fallback has no bare form.
            int remaining = attempt;
            for (int number = 1; ; number++) {
                String name = number == 1 && !fallback ? base : numbered(base, number);
                if (!reserves(name)) {
                    if (remaining == 0) {
                        return new SiteName(name);
                    }
                    remaining--;
                }
            }
        }
    }

    private static String numbered(String base, int number) {
        String suffix = "-" + number;
        String head = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length()));
        return trimHyphens(head) + suffix;
    }

    /** The slug of a username: accents dropped, anything else collapsed to single hyphens; empty if nothing is left. */
    static String base(String username) {
        String decomposed = Normalizer.normalize(username == null ? "" : username, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        String slug = trimHyphens(decomposed.replaceAll("[^a-z0-9]+", "-"));
        if (slug.length() > MAX_LENGTH) {
            slug = trimHyphens(slug.substring(0, MAX_LENGTH));
        }
        if (!slug.isEmpty() && slug.length() < MIN_LENGTH) {
            return slug + "-" + FALLBACK;
        }
        return slug;
    }

    private static String trimHyphens(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }

    /** A new spare's name, {@code spare--} and 12 random hex digits. */
    public static SiteName spareLabel(java.util.random.RandomGenerator random) {
        return new SiteName(SPARE_PREFIX + String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL));
    }

    /** Whether this is a spare's name rather than a user's site. */
    public boolean isSpareLabel() {
        return SPARE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
