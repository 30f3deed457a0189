package dev.nestbox.adapters.postgres;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;
import dev.nestbox.domain.user.Username;

import java.time.Instant;

/** Values the adapter tests store; each differs from the others by a number so unique columns never clash. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-29T00:59:59.123456Z");
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJhc2U2NGtleWJhc2U2NGtleWJhc2U2NGtleQ== tenant";

    private Fixtures() {
    }

    static NewUser newUser(int n) {
        return new NewUser(Email.of("user" + n + "@example.org"), Username.of("User " + n),
                "$2a$12$hash" + n, T0);
    }

    static User addUser(Users users, int n) {
        Users.Addition addition = users.add(newUser(n));
        if (addition instanceof Users.Addition.Added added) {
            return added.user();
        }
        throw new AssertionError("could not add user " + n + ": " + addition);
    }

    static NewHosting newHosting(UserId owner, int n) {
        return new NewHosting(owner, SiteName.of("site-" + n), Ipv4Address.parse("10.88.0." + (10 + n)),
                20000 + n, new Plan("medium", "debian-12", 512, 2, 2048), KEY, T0);
    }
}
