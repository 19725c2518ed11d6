package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.SshConfig;
import dev.muster.core.inventory.SshOptions;
import dev.muster.testkit.ReferenceTool;
import dev.muster.testkit.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * muster's ssh_config reading against {@code ssh -G -F CONFIG HOST}: 40 generated configs per
 * seed, each asked about its aliases (in other cases too) and names it does not list, comparing
 * hostname, port, user, identityfile, proxyjump, userknownhostsfile and connecttimeout. Where
 * muster has nothing set, ssh's defaults must show.
 */
@Timeout(600)
class SshConfigConformanceTest {
    private static final int CASES_PER_SEED = 40;
    private static final List<String> DEFAULT_KEYS = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk",
            "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");
    private static ReferenceTool ssh;

    @BeforeAll
    static void findSsh() {
        ssh = ReferenceTool.require("ssh", "openssh-client");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void generatedConfigsResolveAsSshDashGDoes(long seed, @TempDir Path dir) throws Exception {
        SshConfigCases generator = new SshConfigCases(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES_PER_SEED; i++) {
            SshConfigCases.Case c = generator.write(dir, i);
            SshConfig muster = SshConfig.parse(c.config());
            for (String host : c.hosts()) {
                ReferenceTool.Result r = ssh.run(dir, "", "-G", "-F", c.config().toString(), host);
                if (r.exit() != 0) {
                    failures.add(c.label() + ", host " + host + ": ssh -G failed: " + r.err());
                    continue;
                }
                Map<String, String> expected = reference(r.out());
                Map<String, String> actual = muster(muster.resolve(host), host, expected.get("hostname"));
                if (!actual.equals(expected)) {
                    failures.add(c.label() + ", host " + host + ":\n    muster " + actual + "\n    ssh -G " + expected
                            + "\n  " + c.config() + ":\n" + Files.readString(c.config()).indent(4));
                }
            }
        }
        assertThat(failures).as("%d divergences from ssh -G, %s:%n%s", failures.size(), Seeds.replay(seed),
                String.join("\n", failures.subList(0, Math.min(5, failures.size())))).isEmpty();
    }

    /** The seven fields from ssh -G, identity files expanded as ssh expands them when loading keys. */
    private static Map<String, String> reference(String out) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "hostname", "port", "user", "proxyjump", "connecttimeout" -> fields.put(kv[0], kv[1]);
                case "userknownhostsfile" -> fields.put(kv[0], kv[1].split(" ")[0]);
                case "identityfile" -> keys.add(kv[1]);
                default -> {
                }
            }
        }
        String host = fields.get("hostname");
        String user = fields.get("user");
        List<String> expanded = new ArrayList<>();
        for (String key : keys) {
            expanded.add(keys.equals(DEFAULT_KEYS) ? key : key.replace("%%", "\u0000").replace("%h", host)
                    .replace("%r", user).replace("%u", System.getProperty("user.name"))
                    .replace("%d", System.getProperty("user.home")).replace("\u0000", "%"));
        }
        fields.put("identityfile", expanded.toString());
        fields.putIfAbsent("proxyjump", "none");
        return sorted(fields);
    }

    /** The same fields from muster, ssh's defaults standing in for what muster leaves unset. */
    private static Map<String, String> muster(SshOptions o, String alias, String sshHostname) {
        Map<String, String> fields = new LinkedHashMap<>();
        // unset, muster connects to the name as written and ssh to it lowercased: DNS does not care
        fields.put("hostname", o.address() != null ? o.address() : alias.toLowerCase(Locale.ROOT));
        fields.put("port", Integer.toString(o.portOrDefault()));
        fields.put("user", o.user() != null ? o.user() : System.getProperty("user.name"));
        fields.put("proxyjump", o.proxyJump() == null ? "none" : o.proxyJump());
        fields.put("connecttimeout", o.connectTimeout() == null ? "none" : Long.toString(o.connectTimeout().toSeconds()));
        fields.put("userknownhostsfile", o.knownHostsFile() != null ? o.knownHostsFile()
                : System.getProperty("user.home") + "/.ssh/known_hosts");
        fields.put("identityfile", (o.identityFiles().isEmpty() ? DEFAULT_KEYS : o.identityFiles()).toString());
        return sorted(fields);
    }

    private static Map<String, String> sorted(Map<String, String> fields) {
        return new java.util.TreeMap<>(fields);
    }
}
