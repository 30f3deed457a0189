package dev.nestbox.adapters.rest.requestid;

import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties one request's nginx access line, server log lines and error envelope together. A client's (or
 * nginx's) {@code X-Request-Id} is kept when it is a sane token, the same rule nginx's map applies; anything else is
 * replaced, so a header cannot forge log lines or grow without bound.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** The MDC key: the text log pattern prints it, the JSON layout writes it under {@code mdc}. */
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {
    }

    /** {@code offered} when it is a sane token, else a new id. */
    public static String accept(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : generate();
    }

    /** The id of the request this thread serves; a new one outside any request (nothing then logged it). */
    public static String current() {
        return currentOr(null);
    }

    /** The id of the request this thread serves, or, before {@link RequestIdFilter} ran, {@code offered} if sane. */
    public static String currentOr(String offered) {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : accept(offered);
    }

    /** 32 hexadecimal digits, the shape of nginx's own {@code $request_id}. */
    static String generate() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
