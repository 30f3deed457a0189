package dev.nestbox.bootstrap;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/** The database answers a query. */
final class DatabaseHealthCheck extends HealthCheck {
    private final Jdbi jdbi;

    DatabaseHealthCheck(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    protected Result check() {
        try {
            Integer one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            return one == 1 ? Result.healthy() : Result.unhealthy("SELECT 1 answered " + one);
        } catch (RuntimeException e) {
            return Result.unhealthy("database unreachable: " + e.getMessage());
        }
    }
}
