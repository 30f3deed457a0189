package dev.nestbox.adapters.rest.dashboard;

import dev.nestbox.adapters.rest.resource.AccountResource;
import dev.nestbox.adapters.rest.resource.HostResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiPathsTest {

    @Test
    void the_contracts_paths_and_methods_are_read_from_the_resources() {
        assertThat(ApiPaths.of(List.of(AccountResource.class, HostResource.class))).isEqualTo(Map.of(
                "register", List.of("POST"),
                "login", List.of("POST"),
                "host", List.of("DELETE", "GET", "POST")));
    }

    @Path("/v2/")
    public static final class Nested {
        @GET
        public String list() {
            return "";
        }

        @PUT
        @Path("/items/")
        public String put() {
            return "";
        }

        @GET
        @Path("items")
        public String items() {
            return "";
        }

        public String notAnEndpoint() {
            return "";
        }
    }

    @Test
    void class_and_method_paths_are_joined_without_their_slashes() {
        assertThat(ApiPaths.of(List.of(Nested.class))).isEqualTo(Map.of(
                "v2", List.of("GET"),
                "v2/items", List.of("GET", "PUT")));
    }

    @Test
    void a_class_that_is_no_root_resource_is_refused() {
        assertThatThrownBy(() -> ApiPaths.of(List.of(String.class))).hasMessageContaining("no @Path");
    }
}
