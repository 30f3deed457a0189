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

    static String html() {
        return HTML;
    }
}
