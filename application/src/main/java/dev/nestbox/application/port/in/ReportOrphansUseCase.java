package dev.nestbox.application.port.in;

/** For administrators: machines no hosting owns, and how often the proxy's routes had drifted. */
public interface ReportOrphansUseCase {
    OrphanReport report();
}
