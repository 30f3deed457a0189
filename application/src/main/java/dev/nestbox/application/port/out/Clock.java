package dev.nestbox.application.port.out;

import java.time.Instant;

public interface Clock {
    Instant now();

    static Clock system() {
        return Instant::now;
    }
}
