package dev.nestbox.domain;

import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.sshkey.PublicKeyPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web form and the guest keep their own copies of the site-name rule and of the accepted key types, because
 * they run where Java does not. This test fails when a copy drifts from the domain's definition: it reads the
 * TypeScript, and runs the guest's shell functions on names and keys the domain accepts and refuses.
 */
class RuleCopiesTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path WEB = ROOT.resolve("web/src/lib/validation.ts");
    private static final Path GUEST = ROOT.resolve("guest/rootfs/usr/lib/nestbox/lib.sh");
    /** Usernames and their first site names; the web's unit test holds its previewSiteName to the same table. */
    private static final Path WEB_SITE_NAMES = ROOT.resolve("web/tests/unit/site-names.tsv");
    private static final String SAMPLE_BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAIPdC0nBPnN8Ql0XWmZcK0q8m3xJc2Yw3qIh1mF9iT5Yx";

    @Test
    void the_web_reserves_exactly_the_domains_reserved_site_names() throws IOException {
        String block = between(read(WEB), "const RESERVED = new Set(", ".split(' ')");
        Set<String> words = new HashSet<>(Arrays.asList(String.join("", literals(block)).trim().split("\\s+")));

        assertThat(words).isEqualTo(SiteName.RESERVED);
    }

    @Test
    void the_web_bounds_site_names_as_the_domain_does() throws IOException {
        String web = read(WEB);

        assertThat(number(web, "SITE_NAME_MIN")).isEqualTo(SiteName.MIN_LENGTH);
        assertThat(number(web, "SITE_NAME_MAX")).isEqualTo(SiteName.MAX_LENGTH);
    }

    @Test
    void the_webs_site_name_table_holds_the_names_the_domain_gives() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : read(WEB_SITE_NAMES).split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] row = line.split("\t", -1);
            assertThat(row).as("'" + line + "' in " + WEB_SITE_NAMES + ": username, tab, site name").hasSize(2);
            table.put(row[0], row[1]);
        }
        assertThat(table).as("rows of " + WEB_SITE_NAMES).hasSizeGreaterThanOrEqualTo(20);

        Map<String, String> given = new LinkedHashMap<>();
        table.keySet().forEach(username -> given.put(username, SiteName.candidate(username, 0).value()));

        assertThat(given).isEqualTo(table);
    }

    @Test
    void the_web_accepts_exactly_the_domains_key_types() throws IOException {
        String block = between(read(WEB), "export const SSH_KEY_TYPES", "];");

        assertThat(literals(block)).isEqualTo(PublicKeyPolicy.ACCEPTED_TYPES);
    }

    @Test
    void the_guest_accepts_exactly_the_domains_key_types() throws IOException {
        Matcher list = Pattern.compile("(?m)^NB_KEY_TYPES='([^']*)'$").matcher(read(GUEST));
        assertThat(list.find()).as("NB_KEY_TYPES in " + GUEST).isTrue();
        assertThat(List.of(list.group(1).split(" "))).isEqualTo(PublicKeyPolicy.ACCEPTED_TYPES);

        List<String> types = new ArrayList<>(PublicKeyPolicy.ACCEPTED_TYPES);
        types.addAll(List.of("ssh-dss", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
                "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp224", "rsa", "ssh"));
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String type : types) {
            expected.put(type + " " + SAMPLE_BLOB + " me@laptop", PublicKeyPolicy.acceptsType(type));
        }

        assertThat(guest("valid_pubkey", expected.keySet())).isEqualTo(expected);
    }

    @Test
    void the_guest_checks_the_shape_and_length_of_site_names_as_the_domain_does() throws IOException {
        List<String> names = List.of("alice", "abc", "a1-b2", "a--b", "123", "ab", "a", "", "-abc", "abc-", "-",
                "---", "Alice", "al_ice", "al.ice", "al ice", "alice\n", "élan", "a".repeat(32), "a".repeat(33),
                "a-" + "b".repeat(30), "x*y", "$(id)");
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String name : names) {
            expected.put(name, isSiteShape(name));
        }

        assertThat(guest("valid_site", names)).isEqualTo(expected);
    }

    /** SiteName's rule apart from the reserved words, which only matter where new names are chosen. */
    private static boolean isSiteShape(String name) {
        try {
            SiteName.of(name);
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** Runs a function of the guest's lib.sh on each argument, as the guest's ash would (the host's POSIX sh). */
    private static Map<String, Boolean> guest(String function, Iterable<String> arguments) throws IOException {
        Map<String, Boolean> answers = new LinkedHashMap<>();
        for (String argument : arguments) {
            List<String> command = List.of("sh", "-c", ". \"$1\"; " + function + " \"$2\"", "sh", GUEST.toString(),
                    argument);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("the guest's " + function + " did not answer within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            answers.put(argument, process.exitValue() == 0);
        }
        return answers;
    }

    private static List<String> literals(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'").matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int number(String text, String constant) {
        Matcher m = Pattern.compile("export const " + constant + " = (\\d+);").matcher(text);
        assertThat(m.find()).as(constant + " in " + WEB).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'" + start + "' in the file").isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as("'" + end + "' after '" + start + "'").isNotNegative();
        return text.substring(from + start.length(), to);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("web/src/lib/validation.ts"))
                    && Files.isRegularFile(dir.resolve("guest/rootfs/usr/lib/nestbox/lib.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the repository: no web/ and guest/ above "
                + Path.of("").toAbsolutePath());
    }
}
