package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** data of GET /host: the contract's fields first, then what a user of a hosting service also wants to see. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostDetails(@JsonProperty("vm_id") String vmId,
                          @JsonProperty("status") String status,
                          @JsonProperty("web_url") String webUrl,
                          @JsonProperty("ssh_port") int sshPort,
                          @JsonProperty("created_at") String createdAt,
                          @JsonProperty("vm_ip") String vmIp,
                          @JsonProperty("ssh_command") String sshCommand,
                          @JsonProperty("sftp_command") String sftpCommand,
                          @JsonProperty("provisioning_step") String provisioningStep,
                          @JsonProperty("updated_at") String updatedAt,
                          @JsonProperty("ready_at") String readyAt,
                          @JsonProperty("failure_reason") String failureReason,
                          @JsonProperty("plan") String plan,
                          @JsonProperty("memory_mib") int memoryMib,
                          @JsonProperty("vcpus") int vcpus,
                          @JsonProperty("disk_mib") int diskMib) {

    public static HostDetails of(HostingView view) {
        Hosting h = view.hosting();
        return new HostDetails(h.site().value(), h.status().label(), view.webUrl(), h.sshPort(),
                timestamp(h.createdAt()), h.address().toString(), view.sshCommand(), view.sftpCommand(),
                h.step().label(), timestamp(h.updatedAt()), h.readyAt().map(HostDetails::timestamp).orElse(null),
                h.failureReason().orElse(null), h.plan().name(), h.plan().memoryMib(), h.plan().vcpus(),
                h.plan().diskMib());
    }

    /** ISO-8601 in UTC with a Z, to the second, like the contract's example. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
