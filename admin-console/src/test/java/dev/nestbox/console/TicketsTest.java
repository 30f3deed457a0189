package dev.nestbox.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketsTest {

    @Test
    void an_answer_older_than_one_already_shown_is_dropped() {
        Tickets tickets = new Tickets();
        long first = tickets.issue();
        long second = tickets.issue();

        assertThat(tickets.answer(second)).isTrue();
        assertThat(tickets.answer(first)).isFalse();
    }

    @Test
    void requests_are_in_flight_until_every_one_is_answered() {
        Tickets tickets = new Tickets();
        assertThat(tickets.inFlight()).isFalse();
        long ticket = tickets.issue();
        assertThat(tickets.inFlight()).isTrue();
        tickets.answer(ticket);
        assertThat(tickets.inFlight()).isFalse();
    }
}
