package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    Path dir;

    @Test
    void portOtherThan22IsWrittenInBrackets() {
        assertThat(KnownHosts.hostId("web01", 22)).isEqualTo("web01");
        assertThat(KnownHosts.hostId("web01", 2222)).isEqualTo("[web01]:2222");
    }

    @Test
    void patternsSupportWildcardsAndNegation() {
        HostPatterns p = HostPatterns.parse("*.example.com,!bad.example.com,[10.0.0.?]:2222");

        assertThat(p.matches("web01.example.com")).isTrue();
        assertThat(p.matches("bad.example.com")).isFalse();
        assertThat(p.matches("[10.0.0.7]:2222")).isTrue();
        assertThat(p.matches("10.0.0.7")).isFalse();
        assertThat(p.matches("example.org")).isFalse();
    }

    @Test
    void commentsCertAuthoritiesAndBrokenLinesAreSkipped() throws Exception {
        String key = PublicKeyEntry.toString(TestKeys.ecKeyPair().getPublic());
        Path file = java.nio.file.Files.write(dir.resolve("known_hosts"), List.of("# comment", "",
                "@cert-authority * " + key, "web01 ssh-ed25519 not-base64!", "|1|broken web01 " + key, "web01",
                "web01 " + key));

        List<KnownHosts.Entry> entries = new KnownHosts(file).lookup(List.of("web01"));

        assertThat(entries).hasSize(1);
        assertThat(PublicKeyEntry.toString(entries.getFirst().key())).isEqualTo(key);
    }

    @Test
    void fileChangedOnDiskIsReadAgain() throws Exception {
        Path file = dir.resolve("known_hosts");
        KnownHosts kh = new KnownHosts(file);
        assertThat(kh.lookup(List.of("web01"))).isEmpty();

        java.nio.file.Files.write(file, List.of("web01 " + PublicKeyEntry.toString(TestKeys.ecKeyPair().getPublic())));

        assertThat(kh.lookup(List.of("web01"))).hasSize(1);
    }

    @Test
    void concurrentAppendsAllLandOnTheirOwnLines() throws Exception {
        KnownHosts file = new KnownHosts(dir.resolve("sub/known_hosts"));
        KeyPair key = TestKeys.ecKeyPair();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String id = "host" + i;
                pool.submit(() -> {
                    file.append(id, key.getPublic());
                    return null;
                });
            }
        }

        for (int i = 0; i < 50; i++) {
            assertThat(file.lookup(List.of("host" + i))).hasSize(1);
        }
        assertThat(java.nio.file.Files.readAllLines(file.file())).hasSize(50);
    }
}
