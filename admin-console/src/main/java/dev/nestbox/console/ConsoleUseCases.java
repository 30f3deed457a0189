package dev.nestbox.console;

import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.in.ReportOrphansUseCase;

import java.util.Objects;
import java.util.Optional;

/** The application services an administrator drives from the console: the console's whole view of the world. */
record ConsoleUseCases(ListHostingsUseCase list, InspectHostingUseCase inspect,
                       ForceDeleteHostingUseCase forceDelete, ReportOrphansUseCase orphans,
                       ReportMachineHealingUseCase healing) {
    /** Nothing heals and nothing was checked: for consoles built without a healing report. */
    static final ReportMachineHealingUseCase NOT_CHECKED =
            () -> new HealingReport(0, 0, Optional.empty(), Optional.empty());

    ConsoleUseCases {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(inspect, "inspect");
        Objects.requireNonNull(forceDelete, "forceDelete");
        Objects.requireNonNull(orphans, "orphans");
        Objects.requireNonNull(healing, "healing");
    }

    ConsoleUseCases(ListHostingsUseCase list, InspectHostingUseCase inspect, ForceDeleteHostingUseCase forceDelete,
                    ReportOrphansUseCase orphans) {
        this(list, inspect, forceDelete, orphans, NOT_CHECKED);
    }
}
