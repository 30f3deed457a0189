package dev.nestbox.adapters.postgres;

import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.user.UserId;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A {@code hosting} row as a {@link Hosting}; statuses and steps are stored as their lower-case labels. */
final class HostingMapper implements RowMapper<Hosting> {
    static final String[] COLUMN_NAMES = {"id", "user_id", "vm_id", "machine", "vm_ip", "ssh_port", "plan", "image",
            "memory_mib", "vcpus", "disk_mib", "ssh_public_key", "status", "provisioning_step", "failure_reason", "created_at", "updated_at", "ready_at"};
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);

    @Override
    public Hosting map(ResultSet row, StatementContext context) throws SQLException {
        long owner = row.getLong("user_id");
        Optional<UserId> user = row.wasNull() ? Optional.empty() : Optional.of(new UserId(owner));
        SiteName site = SiteName.of(row.getString("vm_id"));
        String machine = row.getString("machine");
        return new Hosting(
                new HostingId(row.getLong("id")),
                user,
                site,
                machine == null ? site : SiteName.of(machine),
                Ipv4Address.parse(row.getString("vm_ip")),
                row.getInt("ssh_port"),
                new Plan(row.getString("plan"), row.getString("image"), row.getInt("memory_mib"),
                        row.getInt("vcpus"), row.getInt("disk_mib")),
                row.getString("ssh_public_key"),
                status(row.getString("status")),
                step(row.getString("provisioning_step")),
                Optional.ofNullable(row.getString("failure_reason")),
                Timestamps.read(row, "created_at"),
                Timestamps.read(row, "updated_at"),
                Timestamps.readOptional(row, "ready_at"));
    }

    static HostingStatus status(String label) throws SQLException {
        for (HostingStatus status : HostingStatus.values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new SQLException("unknown hosting status in the database: " + label);
    }

    static ProvisioningStep step(String label) throws SQLException {
        for (ProvisioningStep step : ProvisioningStep.values()) {
            if (step.label().equals(label)) {
                return step;
            }
        }
        throw new SQLException("unknown provisioning step in the database: " + label);
    }
}
