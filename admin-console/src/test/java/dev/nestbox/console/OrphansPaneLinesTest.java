package dev.nestbox.console;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OrphansPaneLinesTest {
    @Test
    void a_report_by_site_only_shows_one_line_per_site() {
        OrphanReport bySite = new OrphanReport(List.of(SiteName.of("ghost")), 0, Optional.empty());

        assertThat(OrphansPane.lines(bySite)).containsExactly("ghost");
    }

    @Test
    void a_detailed_report_shows_each_thing_with_its_kind_name_and_hosting() {
        OrphanReport detailed = new OrphanReport(List.of(SiteName.of("alice")), List.of(
                new OrphanReport.Orphan("cloud-init seed", "alice.3-cidata.iso", SiteName.of("alice"),
                        Optional.of(new HostingId(3)))), 0, Optional.empty());

        assertThat(OrphansPane.lines(detailed))
                .containsExactly("alice: cloud-init seed alice.3-cidata.iso, made for hosting 3");
    }
}
