package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.domain.hosting.ProvisioningStep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every report, in order, as short strings such as "step create_disk PT3S" or "failed GUEST". */
public final class RecordingTelemetry implements Telemetry {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void stepCompleted(ProvisioningStep step, Duration took) {
        events.add("step " + step.label() + " " + took);
    }

    @Override
    public void provisioned(Duration took) {
        events.add("provisioned " + took);
    }

    @Override
    public void provisioningFailed(FailureClass failure) {
        events.add("failed " + failure);
    }

    @Override
    public void reconciled(long fixes) {
        events.add("reconciled " + fixes);
    }

    @Override
    public void machinesSeen(Map<Hypervisor.MachineState, Integer> machinesByState) {
        events.add("machines " + machinesByState);
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
