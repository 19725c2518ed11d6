package dev.muster.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsExcerptTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void onlyTheLinesNamingTheGivenHostsAreShipped() {
        List<String> file = List.of("# comment", "[127.0.0.2]:2222 " + KEY, "[127.0.0.3]:2222 " + KEY,
                "web1,10.0.0.1 " + KEY, "*.rack1 " + KEY, "!bad.rack1,*.rack1 " + KEY, "@revoked [127.0.0.2]:2222 " + KEY);
        assertThat(KnownHostsExcerpt.select(file, List.of(KnownHostsExcerpt.hostId("127.0.0.2", 2222))))
                .containsExactly("[127.0.0.2]:2222 " + KEY, "@revoked [127.0.0.2]:2222 " + KEY);
        assertThat(KnownHostsExcerpt.select(file, List.of(KnownHostsExcerpt.hostId("10.0.0.1", 22))))
                .containsExactly("web1,10.0.0.1 " + KEY);
        assertThat(KnownHostsExcerpt.select(file, List.of("bad.rack1"))).containsExactly("*.rack1 " + KEY);
    }

    /** Names hashed by OpenSSH itself ({@code ssh-keygen -H}) are matched as ssh matches them. */
    @Test
    void hashedNamesFromSshKeygenMatch(@TempDir Path dir) throws Exception {
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "[127.0.0.2]:2222 " + KEY + "\n[127.0.0.3]:2222 " + KEY + "\n");
        Process p;
        try {
            p = new ProcessBuilder("ssh-keygen", "-H", "-f", kh.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("ssh-keygen is not installed");
            return;
        }
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> hashed = Files.readAllLines(kh);
        assertThat(hashed).allMatch(l -> l.startsWith("|1|"));
        assertThat(KnownHostsExcerpt.select(hashed, List.of("[127.0.0.3]:2222"))).containsExactly(hashed.get(1));
        assertThat(KnownHostsExcerpt.select(hashed, List.of("[127.0.0.4]:2222"))).isEmpty();
    }
}
