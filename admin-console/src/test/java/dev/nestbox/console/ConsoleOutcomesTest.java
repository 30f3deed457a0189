package dev.nestbox.console;

import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java 17 checks no switch over a sealed type for exhaustiveness (that is a preview feature), so the console's
 * instanceof chains name each permitted type and this test stands in for the compiler: it fails when an outcome
 * gains a type, so that the chain in {@link SiteInspector} or {@link DeletionNotice} gets its branch.
 */
class ConsoleOutcomesTest {
    private static final SiteName BOB = SiteName.of("bob");

    @Test
    void the_inspector_handles_every_kind_of_hosting_lookup() {
        assertThat(HostingLookup.class.getPermittedSubclasses())
                .as("HostingLookup's types, each with its branch in SiteInspector.show")
                .containsExactlyInAnyOrder(HostingLookup.Found.class, HostingLookup.NotFound.class);
    }

    @Test
    void every_kind_of_deletion_outcome_has_its_notice() {
        assertThat(DeletionOutcome.class.getPermittedSubclasses())
                .as("DeletionOutcome's types, each with its branch in DeletionNotice.of")
                .containsExactlyInAnyOrder(DeletionOutcome.Deleted.class, DeletionOutcome.NotFound.class);
        assertThat(Arrays.stream(DeletionOutcome.class.getPermittedSubclasses()).map(ConsoleOutcomesTest::instance)
                .map(outcome -> DeletionNotice.of(BOB, outcome).kind()))
                .containsExactlyInAnyOrder(NoticeBar.Kind.SUCCESS, NoticeBar.Kind.WARNING);
    }

    @Test
    void a_deletion_says_what_went_and_an_absent_site_that_nothing_did() {
        assertThat(DeletionNotice.of(BOB, new DeletionOutcome.Deleted())).isEqualTo(new DeletionNotice(
                NoticeBar.Kind.SUCCESS, "Deleted bob: its machine, disk and routes are gone."));
        assertThat(DeletionNotice.of(BOB, new DeletionOutcome.NotFound())).isEqualTo(new DeletionNotice(
                NoticeBar.Kind.WARNING, "bob was already gone: nothing was deleted."));
    }

    private static DeletionOutcome instance(Class<?> type) {
        try {
            return (DeletionOutcome) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no constructor without arguments: give this test a sample of it", e);
        }
    }
}
