package dev.nestbox.adapters.nginx;

/**
 * Our answer when a guest cannot be reached (still booting, stopped, broken), instead of nginx's bare error page.
 * It is served inline by {@code return}, so it needs no file the workers must be allowed to read.
 */
final class UnavailablePage {
    /** Internal URI; a site name cannot start with a dot, so no route can shadow it. */
    static final String URI = "/.nestbox-unavailable";

    private static final String HTML = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            + "<title>Site starting or temporarily unavailable</title>"
            + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;"
            + "color:#222;line-height:1.5}h1{font-size:1.4rem}p{color:#555}</style></head><body>"
            + "<h1>This site is starting or temporarily unavailable</h1>"
            + "<p>If it was just created, its machine is still booting: it is usually ready within a minute."
            + " Please try again shortly.</p></body></html>";

    static {
        // The page sits inside a single-quoted nginx string where '$' would expand a variable.
        if (HTML.contains("'") || HTML.contains("\\") || HTML.contains("$")) {
            throw new IllegalStateException("the unavailable page must not contain quotes, backslashes or '$'");
        }
    }

    private UnavailablePage() {
    }

    /** {@code error_page} plus the internal location serving the page, indented for a {@code server} block. */
    static String serverDirectives(String indent) {
        // error_page keeps the original 502/503/504 status even though the location says 200.
        return indent + "error_page 502 503 504 " + URI + ";\n"
                + indent + "location = " + URI + " {\n"
                + indent + "    internal;\n"
                + indent + "    default_type text/html;\n"
                + indent + "    add_header Cache-Control \"no-store\" always;\n"
                + indent + "    add_header Retry-After \"10\" always;\n"
                + indent + "    return 200 '" + HTML + "';\n"
                + indent + "}\n";
    }

    /** Internal URI of the panel's answer while the server cannot be reached (restarting, overloaded). */
    static final String PANEL_URI = "/.nestbox-panel-unavailable";

    /** The API's error envelope (the REST adapter's SERVICE_UNAVAILABLE), so clients never parse nginx's HTML. */
    static final String PANEL_JSON = "{\"success\":false,\"error\":{\"code\":\"SERVICE_UNAVAILABLE\","
            + "\"message\":\"The service is unavailable right now; please try again in a minute\"}}";

    /**
     * The panel's {@code error_page}: 502, 503 and 504 from the server become 503 with the JSON envelope and
     * {@code Retry-After}, indented for a {@code server} block.
     */
    static String panelDirectives(String indent) {
        return panelErrorPage(indent) + panelLocation(indent);
    }


    /** Only the {@code error_page} line: for the panel's location on an origin it shares with the sites. */
    static String panelErrorPage(String indent) {
        return indent + "error_page 502 503 504 =503 " + PANEL_URI + ";\n";
    }

    /** The internal location answering it ({@code error_page}'s {@code =503} sets the status). */
    static String panelLocation(String indent) {
        return indent + "location = " + PANEL_URI + " {\n"
                + indent + "    internal;\n"
                + indent + "    default_type application/json;\n"
                + indent + "    add_header Cache-Control \"no-store\" always;\n"
                + indent + "    add_header Retry-After \"10\" always;\n"
                + indent + "    add_header X-Content-Type-Options \"nosniff\" always;\n"
                + indent + "    return 200 '" + PANEL_JSON + "';\n"
                + indent + "}\n";
    }

    static String html() {
        return HTML;
    }
}
