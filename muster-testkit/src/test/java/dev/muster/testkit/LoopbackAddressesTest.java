package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopbackAddressesTest {

    @Test
    void countsUpSkippingNetworkAndBroadcastLookingAddresses() {
        LoopbackAddresses a = new LoopbackAddresses("127.0.1.254", address -> true);
        assertThat(a.distinct()).isTrue();
        assertThat(a.next()).isEqualTo("127.0.1.254");
        assertThat(a.next()).isEqualTo("127.0.2.1");
    }

    @Test
    void whereOnly127001AnswersEveryHostSharesIt() {
        LoopbackAddresses a = new LoopbackAddresses("127.0.1.1", "127.0.0.1"::equals);
        assertThat(a.distinct()).isFalse();
        assertThat(a.next()).isEqualTo("127.0.0.1");
        assertThat(a.next()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesNonLoopbackAddresses() {
        assertThatThrownBy(() -> new LoopbackAddresses("10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
