package dev.nestbox.adapters.rest.requestid;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestIdFilterTest {
    private final RequestIdFilter filter = new RequestIdFilter();
    private final Map<String, String> responseHeaders = new HashMap<>();
    private final AtomicReference<String> seenInMdc = new AtomicReference<>();
    private final FilterChain recordingChain = (request, response) -> seenInMdc.set(MDC.get(RequestIds.MDC_KEY));

    @ParameterizedTest
    @ValueSource(strings = {"e2e-12345678", "0123456789abcdef0123456789abcdef", "a.b_c-d.E_F-G.h"})
    void a_sane_id_is_kept_in_the_mdc_while_the_request_runs_and_answered_as_a_header(String offered) throws Exception {
        filter.doFilter(request(offered), response(), recordingChain);

        assertThat(seenInMdc.get()).isEqualTo(offered);
        assertThat(responseHeaders).containsEntry(RequestIds.HEADER, offered);
        assertThat(MDC.get(RequestIds.MDC_KEY)).as("cleared after the request").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "has space in it", "semi;colon1", "new\nline-forged-log",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void anything_else_is_replaced_by_a_new_id(String offered) throws Exception {
        filter.doFilter(request(offered), response(), recordingChain);

        assertThat(seenInMdc.get()).matches("[0-9a-f]{32}").isNotEqualTo(offered);
        assertThat(responseHeaders).containsEntry(RequestIds.HEADER, seenInMdc.get());
    }

    @Test
    void no_header_gets_a_new_id_and_two_requests_get_two() throws Exception {
        filter.doFilter(request(null), response(), recordingChain);
        String first = seenInMdc.get();
        filter.doFilter(request(null), response(), recordingChain);

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(seenInMdc.get()).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void the_mdc_is_cleared_when_the_request_fails_too() {
        FilterChain failing = (request, response) -> {
            throw new ServletException("boom");
        };

        assertThatThrownBy(() -> filter.doFilter(request("e2e-12345678"), response(), failing))
                .isInstanceOf(ServletException.class);
        assertThat(MDC.get(RequestIds.MDC_KEY)).isNull();
    }

    @Test
    void outside_a_request_the_current_id_is_a_new_one_and_inside_it_is_the_requests() throws IOException,
            ServletException {
        assertThat(RequestIds.current()).matches("[0-9a-f]{32}").isNotEqualTo(RequestIds.current());

        filter.doFilter(request("e2e-abcdefgh"), response(), (request, response) -> seenInMdc.set(RequestIds.current()));

        assertThat(seenInMdc.get()).isEqualTo("e2e-abcdefgh");
    }

    private static HttpServletRequest request(String requestId) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestIdFilterTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader") && RequestIds.HEADER.equalsIgnoreCase((String) args[0])) {
                        return requestId;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(RequestIdFilterTest.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        responseHeaders.put((String) args[0], (String) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
