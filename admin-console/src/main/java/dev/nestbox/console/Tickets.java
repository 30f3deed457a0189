package dev.nestbox.console;

/**
 * Orders the answers of one kind of request: an answer older than one already shown is dropped, so a slow
 * refresh cannot overwrite a newer one. Used on the FX thread only.
 */
final class Tickets {
    private long issued;
    private long answered;
    private long newestShown;

    long issue() {
        return ++issued;
    }

    /** Records that {@code ticket} was answered; true if its answer is still the newest worth showing. */
    boolean answer(long ticket) {
        answered++;
        if (ticket < newestShown) {
            return false;
        }
        newestShown = ticket;
        return true;
    }

    boolean inFlight() {
        return answered < issued;
    }
}
