package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

final class JdbiHostings implements Hostings {
    private static final HostingMapper HOSTING = new HostingMapper();
    private static final String SELECT = "SELECT " + HostingMapper.COLUMNS + " FROM hosting";
    // Every hosting column, or nulls when the user has none; no row at all when the user is gone.
    private static final String USER_WITH_HOSTING = "SELECT "
            + Arrays.stream(HostingMapper.COLUMN_NAMES).map(c -> "h." + c).collect(Collectors.joining(", "))
            + " FROM users u LEFT JOIN hosting h ON h.user_id = u.id WHERE u.id = :user";
    private static final List<String> HOLDING = Arrays.stream(HostingStatus.values())
            .filter(HostingStatus::holdsMachine).map(HostingStatus::label).toList();

    private final Database database;

    JdbiHostings(Database database) {
        this.database = database;
    }

    @Override
    public Creation create(NewHosting hosting) {
        return database.write("record a hosting",
                handle -> new Creation.Created(handle.createUpdate(
                                "INSERT INTO hosting (user_id, vm_id, vm_ip, ssh_port, plan, image, memory_mib, vcpus,"
                                        + " disk_mib, ssh_public_key, status, provisioning_step, created_at, updated_at)"
                                        + " VALUES (:owner, :site, :address, :sshPort, :plan, :image, :memoryMib, :vcpus,"
                                        + " :diskMib, :sshPublicKey,"
                                        + " :status, :step, :createdAt, :createdAt)")
                        .bind("owner", hosting.owner().map(UserId::value).orElse(null))
                        .bind("site", hosting.site().value())
                        .bind("address", hosting.address().toString())
                        .bind("sshPort", hosting.sshPort())
                        .bind("plan", hosting.plan().name())
                        .bind("image", hosting.plan().image())
                        .bind("memoryMib", hosting.memoryMib())
                        .bind("vcpus", hosting.plan().vcpus())
                        .bind("diskMib", hosting.plan().diskMib())
                        .bind("sshPublicKey", hosting.sshPublicKey())
                        .bind("status", HostingStatus.PENDING.label())
                        .bind("step", ProvisioningStep.QUEUED.label())
                        .bind("createdAt", Timestamps.utc(hosting.createdAt()))
                        .executeAndReturnGeneratedKeys(HostingMapper.COLUMN_NAMES)
                        .map(HOSTING)
                        .one()),
                constraint -> conflict(constraint, hosting.owner()));
    }

    private Optional<Creation> conflict(String constraint, Optional<UserId> owner) {
        if (Constraints.HOSTING_USER_ID.equals(constraint)) {
            return Optional.of(new Creation.OwnerHasOne());
        }
        // PostgreSQL names only the first constraint it trips over. An owner who already has a hosting must hear
        // that, not "port taken", or the caller would pick another port and retry in vain.
        if (owner.isPresent() && byOwner(owner.get()).isPresent()) {
            return Optional.of(new Creation.OwnerHasOne());
        }
        if (Constraints.HOSTING_MACHINE.equals(constraint)) {
            return Optional.of(new Creation.SiteNameTaken());
        }
        if (Constraints.HOSTING_VM_ID.equals(constraint)) {
            return Optional.of(new Creation.SiteNameTaken());
        }
        if (Constraints.HOSTING_SSH_PORT.equals(constraint)) {
            return Optional.of(new Creation.PortTaken());
        }
        if (Constraints.HOSTING_VM_IP.equals(constraint)) {
            return Optional.of(new Creation.AddressTaken());
        }
        return Optional.empty();
    }

    @Override
    public Optional<Hosting> byOwner(UserId owner) {
        return database.call("find a hosting by owner",
                handle -> handle.createQuery(SELECT + " WHERE user_id = :owner")
                        .bind("owner", owner.value())
                        .map(HOSTING)
                        .findOne());
    }

    @Override
    public UserHosting ofUser(UserId user) {
        return database.call("find a user and their hosting",
                handle -> handle.createQuery(USER_WITH_HOSTING)
                        .bind("user", user.value())
                        .<UserHosting>map((row, context) -> row.getObject("id") == null
                                ? new UserHosting.NoHosting()
                                : new UserHosting.Owns(HOSTING.map(row, context)))
                        .findOne()
                        .orElseGet(UserHosting.UnknownUser::new));
    }

    @Override
    public Optional<Hosting> byId(HostingId id) {
        return database.call("find a hosting by id",
                handle -> handle.createQuery(SELECT + " WHERE id = :id")
                        .bind("id", id.value())
                        .map(HOSTING)
                        .findOne());
    }

    @Override
    public Optional<Hosting> bySite(SiteName site) {
        return database.call("find a hosting by site name",
                handle -> handle.createQuery(SELECT + " WHERE vm_id = :site")
                        .bind("site", site.value())
                        .map(HOSTING)
                        .findOne());
    }

    @Override
    public List<Hosting> all() {
        return database.call("list hostings",
                handle -> handle.createQuery(SELECT + " ORDER BY id").map(HOSTING).list());
    }

    @Override
    public List<Hosting> inStatus(Set<HostingStatus> statuses) {
        List<String> labels = statuses.stream().map(HostingStatus::label).toList();
        return database.call("list hostings by status",
                handle -> handle.createQuery(SELECT + " WHERE status = ANY(:statuses) ORDER BY id")
                        .bindArray("statuses", String.class, labels)
                        .map(HOSTING)
                        .list());
    }

    @Override
    public boolean replace(Hosting next, HostingStatus expected) {
        int changed = database.call("update a hosting",
                handle -> handle.createUpdate("UPDATE hosting SET status = :status, provisioning_step = :step,"
                                + " failure_reason = :failureReason, updated_at = :updatedAt, ready_at = :readyAt"
                                + " WHERE id = :id AND status = :expected")
                        .bind("status", next.status().label())
                        .bind("step", next.step().label())
                        .bind("failureReason", next.failureReason().orElse(null))
                        .bind("updatedAt", Timestamps.utc(next.updatedAt()))
                        .bind("readyAt", Timestamps.utc(next.readyAt()))
                        .bind("id", next.id().value())
                        .bind("expected", expected.label())
                        .execute());
        return changed == 1;
    }

    @Override
    public Claim claim(Hosting claimed) {
        if (claimed.owner().isEmpty() || claimed.status() != HostingStatus.PROVISIONING) {
            throw new IllegalArgumentException("a claim gives a spare an owner and starts provisioning it");
        }
        return database.write("claim a spare",
                handle -> handle.createUpdate("UPDATE hosting SET user_id = :owner, machine = vm_id, vm_id = :site,"
                                + " ssh_public_key = :sshPublicKey, status = :status, provisioning_step = :step,"
                                + " failure_reason = NULL, created_at = :now, updated_at = :now, ready_at = NULL"
                                + " WHERE id = :id AND status = :spare AND user_id IS NULL AND vm_id = :machine")
                        .bind("owner", claimed.owner().get().value())
                        .bind("site", claimed.site().value())
                        .bind("machine", claimed.machine().value())
                        .bind("sshPublicKey", claimed.sshPublicKey())
                        .bind("status", claimed.status().label())
                        .bind("step", claimed.step().label())
                        .bind("now", Timestamps.utc(claimed.createdAt()))
                        .bind("id", claimed.id().value())
                        .bind("spare", HostingStatus.SPARE.label())
                        .execute() == 1 ? new Claim.Claimed(claimed) : new Claim.Gone(),
                constraint -> {
                    if (Constraints.HOSTING_USER_ID.equals(constraint)) {
                        return Optional.of(new Claim.OwnerHasOne());
                    }
                    if (Constraints.HOSTING_VM_ID.equals(constraint) || Constraints.HOSTING_MACHINE.equals(constraint)) {
                        return Optional.of(new Claim.SiteNameTaken());
                    }
                    return Optional.empty();
                });
    }

    @Override
    public void remove(HostingId id) {
        database.call("remove a hosting",
                handle -> handle.createUpdate("DELETE FROM hosting WHERE id = :id").bind("id", id.value()).execute());
    }

    @Override
    public Set<Integer> sshPortsInUse() {
        return Set.copyOf(database.call("list SSH ports in use",
                handle -> handle.createQuery("SELECT ssh_port FROM hosting").mapTo(Integer.class).list()));
    }

    @Override
    public Set<Ipv4Address> addressesInUse() {
        List<String> addresses = database.call("list guest addresses in use",
                handle -> handle.createQuery("SELECT vm_ip FROM hosting").mapTo(String.class).list());
        return addresses.stream().map(Ipv4Address::parse).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<SiteName> siteNamesInUse() {
        List<String> sites = database.call("list site names in use",
                handle -> handle.createQuery("SELECT vm_id FROM hosting UNION SELECT machine FROM hosting"
                        + " WHERE machine IS NOT NULL").mapTo(String.class).list());
        return sites.stream().map(SiteName::of).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Usage usage() {
        return database.call("measure hosting usage",
                handle -> handle.createQuery("SELECT count(*) AS hostings, coalesce(sum(memory_mib), 0) AS memory"
                                + " FROM hosting WHERE status = ANY(:live)")
                        .bindArray("live", String.class, HOLDING)
                        .map((row, context) -> new Usage(row.getInt("hostings"), row.getLong("memory")))
                        .one());
    }
}
