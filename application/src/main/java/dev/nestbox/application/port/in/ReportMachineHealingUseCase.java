package dev.nestbox.application.port.in;

/** For administrators: how often running hostings' machines had to be started again, or were given up. */
public interface ReportMachineHealingUseCase {
    HealingReport report();
}
