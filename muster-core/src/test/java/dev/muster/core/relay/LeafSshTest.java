package dev.muster.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The command a relay runs reaches its shell with every value quoted: a real /bin/sh reads it with
 * {@code ssh} replaced by a function that prints its arguments, over random hostile strings.
 */
class LeafSshTest {
    private static final String HOSTILE = "a b'\"$`\\;|&*?~!#(){}<>\t-";

    private static String random(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? (char) ('a' + r.nextInt(26)) : HOSTILE.charAt(r.nextInt(HOSTILE.length())));
        }
        return b.toString();
    }

    @Test
    void everyWordReachesTheRelaysShellIntact() throws Exception {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 40; i++) {
            String user = random(r);
            String key = random(r);
            String command = random(r);
            Host leaf = new Host("leaf", new SshOptions("127.0.0.9", 2222, user, List.of(), null, null, null),
                    java.util.Map.of(), List.of(), null, java.util.Map.of());
            LeafSsh ssh = new LeafSsh("/home/r/.muster-relay/known_hosts-ab", key, Duration.ofSeconds(5));
            List<String> expected = new ArrayList<>(ssh.words(leaf).subList(1, ssh.words(leaf).size()));
            expected.addAll(List.of("--", "127.0.0.9", command));
            assertThat(shellWords(ssh.command(leaf, command))).as("seed " + seed).isEqualTo(expected);
            assertThat(expected).as("seed " + seed).contains("StrictHostKeyChecking=yes", "-l", user, "-i", key);
        }
    }

    private static List<String> shellWords(String line) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "ssh() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }; " + line)
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        return List.of(text.substring(0, text.length() - 1).split("\0", -1));
    }
}
