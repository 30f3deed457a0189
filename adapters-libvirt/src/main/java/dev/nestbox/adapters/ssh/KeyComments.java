package dev.nestbox.adapters.ssh;

/**
 * The comment of a key line, reduced to characters that mean nothing to a shell, an authorized_keys parser or a
 * web page, because the comment travels to guests and back to browsers.
 */
final class KeyComments {
    static final int MAX_LENGTH = 100;

    private KeyComments() {
    }

    /** Runs of other characters become one '-'; empty when nothing usable is left. */
    static String sanitise(String raw) {
        StringBuilder kept = new StringBuilder();
        boolean pendingSeparator = false;
        for (int i = 0; i < raw.length() && kept.length() < MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            if (allowed(c)) {
                if (pendingSeparator && kept.length() > 0 && c != '-' && kept.charAt(kept.length() - 1) != '-') {
                    kept.append('-');
                }
                pendingSeparator = false;
                if (kept.length() < MAX_LENGTH) {
                    kept.append(c);
                }
            } else {
                pendingSeparator = true;
            }
        }
        return kept.toString();
    }

    private static boolean allowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '@' || c == '.' || c == '_' || c == '-';
    }
}
