package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.SiteName;

import java.util.List;
import java.util.Optional;

public sealed interface HostingRequestOutcome {
    /**
     * {@code generatedPrivateKey} is present only when the platform made the key pair; it is never stored.
     * {@code fromPool}: a booted spare of the warm pool was taken (set-up only, seconds); otherwise the machine
     * boots cold.
     */
    record Accepted(HostingView hosting, Optional<String> generatedPrivateKey, boolean fromPool)
            implements HostingRequestOutcome {
        public Accepted(HostingView hosting, Optional<String> generatedPrivateKey) {
            this(hosting, generatedPrivateKey, false);
        }

        @Override
        public String toString() {
            return "Accepted[" + hosting.hosting().site() + ", private key " + (generatedPrivateKey.isPresent() ? "***" : "none") + "]";
        }
    }

    record AlreadyHasHosting() implements HostingRequestOutcome {
    }

    record InvalidPublicKey(String reason) implements HostingRequestOutcome {
    }

    /** The host cannot take another site now: capacity, memory, ports or addresses ran out. */
    record CapacityExhausted(String reason) implements HostingRequestOutcome {
    }

    /**
     * The user's site name still has an earlier hosting's machine, disk or seed on the host; it is not given out
     * until an administrator removed them (the orphan report lists them).
     */
    record SiteNameHasLeftovers(SiteName site) implements HostingRequestOutcome {
    }

    /** The request named a plan that is not offered here; {@code offered} are the ones that are. */
    record UnknownPlan(String requested, List<String> offered) implements HostingRequestOutcome {
        public UnknownPlan {
            offered = List.copyOf(offered);
        }
    }

    /** The plan is offered, but this host cannot boot its image right now (not built or not installed). */
    record PlanUnavailable(String plan, String image) implements HostingRequestOutcome {
    }
}
