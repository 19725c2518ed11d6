package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    /** Captured from /proc/net/tcp on x86_64 with sshd listening on 127.0.2.1:2222. */
    private static final List<String> PROC = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0102007F:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61432 1 0",
            "   1: 0100007F:A1B2 0102007F:08AE 01 00000000:00000000 00:00000000 00000000     0        0 61500 1 0");

    @Test
    void readsListeningEndpointsOnly() {
        assertThat(ListeningSockets.fromProc(PROC)).containsExactly("127.0.2.1:2222");
    }
}
