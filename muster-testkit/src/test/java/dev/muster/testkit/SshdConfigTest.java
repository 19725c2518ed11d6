package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SshdConfigTest {

    private static SshdConfig plain(int hosts) {
        return new SshdConfig(hosts(hosts), Path.of("/k"), Path.of("/p"), Path.of("/a"), null, null, 10, List.of());
    }

    private static List<OpenSshHost> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new OpenSshHost("h" + i, "127.0.2." + i, 2200 + i)).toList();
    }

    @Test
    void listensOnEveryHostAndKeepsLoginsFast() {
        String config = new SshdConfig(hosts(2), Path.of("/f/key"), Path.of("/f/sshd.pid"),
                Path.of("/f/authorized_keys"), "curve25519-sha256", "10:30:100", 64, List.of()).render();
        assertThat(config).contains("ListenAddress 127.0.2.1:2201\n", "ListenAddress 127.0.2.2:2202\n",
                "HostKey /f/key\n", "PidFile /f/sshd.pid\n", "AuthorizedKeysFile /f/authorized_keys\n",
                "UsePAM no\n", "UseDNS no\n", "StrictModes no\n", "PermitRootLogin prohibit-password\n",
                "PasswordAuthentication no\n", "MaxStartups 10:30:100\n", "KexAlgorithms curve25519-sha256\n",
                "MaxSessions 64\n");
    }

    @Test
    void leavesSshdDefaultsWhenNotAsked() {
        String config = plain(1).render();
        assertThat(config).doesNotContain("MaxStartups", "KexAlgorithms");
    }

    @Test
    void aTestsOwnOptionsComeBeforeTheDefaultsSoSshdTakesThem() {
        String config = new SshdConfig(hosts(1), Path.of("/k"), Path.of("/p"), Path.of("/a"), null, null, 10,
                List.of("PubkeyAuthentication no", "PasswordAuthentication yes")).render();
        assertThat(config.indexOf("PubkeyAuthentication no\n")).isNotNegative()
                .isLessThan(config.indexOf("PubkeyAuthentication yes\n"));
        assertThat(config.indexOf("PasswordAuthentication yes\n")).isNotNegative()
                .isLessThan(config.indexOf("PasswordAuthentication no\n"));
    }

    @Test
    void oneSshdServesAtMostSixteenAddresses() {
        assertThat(plain(16).listen()).hasSize(16);
        assertThatThrownBy(() -> plain(17))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotesWordsForTheLaunchScript() {
        assertThat(SshdUnit.quote("/tmp/it's here")).isEqualTo("'/tmp/it'\\''s here'");
    }
}
