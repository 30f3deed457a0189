package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FilterAttachmentTest {
    static final String LIVE = "<domain type='qemu' id='3'><name>nestbox-alice</name><devices>"
            + "<interface type='network'><mac address='52:54:00:58:00:02'/>"
            + "<source network='nestbox' portid='d5e2' bridge='nbbr0'/><target dev='vnet3'/>"
            + "<model type='virtio'/><rom enabled='no'/><alias name='net0'/></interface>"
            + "</devices></domain>";

    @Test
    void an_unfiltered_interface_gets_the_filter_with_the_guests_address_and_keeps_the_rest() {
        assertThat(FilterAttachment.interfacesToUpdate(LIVE, "nestbox-guest", "10.88.0.2")).singleElement()
                .asString()
                .startsWith("<interface type=\"network\">")
                .contains("<mac address=\"52:54:00:58:00:02\"/>")
                .contains("<source bridge=\"nbbr0\" network=\"nestbox\" portid=\"d5e2\"/>")
                .endsWith("<filterref filter=\"nestbox-guest\"><parameter name=\"IP\" value=\"10.88.0.2\"/>"
                        + "</filterref></interface>");
    }

    @Test
    void a_filtered_interface_is_left_alone_and_a_foreign_filter_is_replaced() {
        String filtered = LIVE.replace("</interface>",
                "<filterref filter='nestbox-guest'><parameter name='IP' value='10.88.0.2'/></filterref></interface>");
        String foreign = LIVE.replace("</interface>", "<filterref filter='clean-traffic'/></interface>");

        assertThat(FilterAttachment.interfacesToUpdate(filtered, "nestbox-guest", "10.88.0.2")).isEmpty();
        assertThat(FilterAttachment.interfacesToUpdate(foreign, "nestbox-guest", "10.88.0.2")).singleElement()
                .asString().doesNotContain("clean-traffic").contains("filter=\"nestbox-guest\"");
    }
}
