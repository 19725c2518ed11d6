package dev.muster.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunDetailPageTest {

    @Test
    void theTargetsOfARunAreTheHostSetItsRecordHolds() {
        assertEquals(List.of("db1", "web1", "web2", "web3"), RunDetailPage.targets("web[1-3],db1")); // in name order
        assertEquals(List.of(), RunDetailPage.targets(""));
        assertEquals(List.of(), RunDetailPage.targets(null));
    }

    @Test
    void aRecordWhoseHostsAreNotAHostSetNamesNoTargetsInsteadOfFailingThePage() {
        // a record written by another version, or by hand: the page lists the hosts with outcomes
        assertEquals(List.of(), RunDetailPage.targets("web[5 hosts]"));
    }
}
