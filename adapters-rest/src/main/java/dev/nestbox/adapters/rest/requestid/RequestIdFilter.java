package dev.nestbox.adapters.rest.requestid;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import java.io.IOException;

/**
 * Gives every request its id ({@link RequestIds}) before anything else sees it: in the MDC of the thread for as long
 * as the request runs, so every log line written meanwhile carries it, and back to the client as a header. A
 * servlet filter rather than a Jersey one, so that the MDC is cleared however the request ends.
 */
public final class RequestIdFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = RequestIds.accept(((HttpServletRequest) request).getHeader(RequestIds.HEADER));
        ((HttpServletResponse) response).setHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
