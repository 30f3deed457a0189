package dev.nestbox.adapters.rest.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorTest {
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z_]+)`");
    private static final Pattern STATUS = Pattern.compile("\\b([1-5][0-9][0-9])\\b");

    /** README.md's error table: code to the statuses of its row. */
    private static Map<String, Set<Integer>> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int header = lines.indexOf("| status | code | when |");
        assertThat(header).as("README.md has the error table").isNotNegative();
        Map<String, Set<Integer>> table = new HashMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            Set<Integer> statuses = new TreeSet<>();
            Matcher status = STATUS.matcher(cells[1]);
            while (status.find()) {
                statuses.add(Integer.parseInt(status.group(1)));
            }
            Matcher code = CODE.matcher(cells[2]);
            while (code.find()) {
                assertThat(table.put(code.group(1), statuses)).as(code.group(1) + " listed twice").isNull();
            }
        }
        return table;
    }

    @Test
    void the_readme_lists_exactly_the_codes_the_api_answers_with_and_their_statuses() throws IOException {
        Map<String, Set<Integer>> table = readmeTable();

        assertThat(table.keySet()).isEqualTo(Arrays.stream(ApiError.values()).map(Enum::name)
                .collect(Collectors.toSet()));
        for (ApiError error : ApiError.values()) {
            assertThat(table.get(error.name())).as(error.name()).contains(error.status());
        }
    }

    @Test
    void a_status_jetty_or_jersey_chose_gets_the_code_of_that_status() {
        assertThat(ApiError.forStatus(400)).isEqualTo(ApiError.INVALID_REQUEST);
        assertThat(ApiError.forStatus(404)).isEqualTo(ApiError.NOT_FOUND);
        assertThat(ApiError.forStatus(405)).isEqualTo(ApiError.METHOD_NOT_ALLOWED);
        assertThat(ApiError.forStatus(413)).isEqualTo(ApiError.PAYLOAD_TOO_LARGE);
        assertThat(ApiError.forStatus(414)).isEqualTo(ApiError.REQUEST_TOO_LARGE);
        assertThat(ApiError.forStatus(431)).isEqualTo(ApiError.REQUEST_TOO_LARGE);
        assertThat(ApiError.forStatus(415)).isEqualTo(ApiError.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ApiError.forStatus(408)).isEqualTo(ApiError.INVALID_REQUEST);
        assertThat(ApiError.forStatus(503)).isEqualTo(ApiError.SERVICE_UNAVAILABLE);
        assertThat(ApiError.forStatus(501)).isEqualTo(ApiError.INTERNAL_ERROR);
        for (ApiError error : ApiError.values()) {
            if (error != ApiError.CAPACITY_EXHAUSTED && error != ApiError.INVALID_INPUT && error != ApiError.INVALID_JSON
                    && error != ApiError.INVALID_CREDENTIALS && error != ApiError.EMAIL_TAKEN
                    && error != ApiError.HOSTING_EXISTS && error != ApiError.SITE_NAME_HAS_LEFTOVERS
                    && error != ApiError.PLAN_UNAVAILABLE) {
                assertThat(ApiError.forStatus(error.status())).as(error.name()).isEqualTo(error);
            }
        }
    }
}
