package dev.nestbox.console;

import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.ReportOrphansUseCase;

import java.util.Objects;

/** The application services an administrator drives from the console: the console's whole view of the world. */
record ConsoleUseCases(ListHostingsUseCase list, InspectHostingUseCase inspect,
                       ForceDeleteHostingUseCase forceDelete, ReportOrphansUseCase orphans) {
    ConsoleUseCases {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(inspect, "inspect");
        Objects.requireNonNull(forceDelete, "forceDelete");
        Objects.requireNonNull(orphans, "orphans");
    }
}
