package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    private static final String CONFIG = """
            # defaults before any Host apply to all
            ConnectTimeout 7

            Host web?? !web13
              HostName %h.fra.example
              User deploy
              IdentityFile ~/.ssh/web_key

            Host web13
              HostName 10.0.0.13
              Port 2213

            Match host db*
              User nobody

            Host db1 db2
              HostName=db.internal
              ProxyJump bastion
              UserKnownHostsFile "/etc/muster/known hosts" /other

            Host *
              User root
              Port 22
              IdentityFile ~/.ssh/id_ed25519
            """;

    private final SshConfig config = SshConfig.parse(CONFIG, "config", null);

    @Test
    void firstMatchWinsPerKeyword() {
        SshOptions web = config.resolve("web01");
        assertThat(web.address()).isEqualTo("web01.fra.example");
        assertThat(web.user()).isEqualTo("deploy");
        assertThat(web.port()).isEqualTo(22);
        assertThat(web.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void identityFilesAccumulateInOrder() {
        assertThat(config.resolve("web01").identityFiles()).containsExactly("~/.ssh/web_key", "~/.ssh/id_ed25519");
    }

    @Test
    void negatedPatternExcludesHost() {
        SshOptions web13 = config.resolve("web13");
        assertThat(web13.address()).isEqualTo("10.0.0.13");
        assertThat(web13.port()).isEqualTo(2213);
        assertThat(web13.user()).isEqualTo("root");
    }

    @Test
    void matchHostBlocksApplyAsInSsh() {
        SshOptions db = config.resolve("db1");
        assertThat(db.user()).isEqualTo("nobody");
        assertThat(db.proxyJump()).isEqualTo("bastion");
        assertThat(db.address()).isEqualTo("db.internal");
        assertThat(db.knownHostsFile()).isEqualTo("/etc/muster/known hosts");
    }

    @Test
    void unmatchedAliasGetsOnlyWildcardSettings() {
        SshOptions other = config.resolve("mail");
        assertThat(other.address()).isNull();
        assertThat(other.user()).isEqualTo("root");
    }

    @Test
    void concreteAliasesSkipPatterns() {
        assertThat(config.concreteAliases()).containsExactly("web13", "db1", "db2");
    }

    @Test
    void badPortNamesLineAndColumn() {
        assertThatThrownBy(() -> SshConfig.parse("Host a\n  Port  abc\n", "cfg", null))
                .isInstanceOf(InputException.class)
                .hasMessage("cfg:2:9: Port must be an integer 1-65535, found \"abc\"");
    }

    @Test
    void relativeIncludesAreUnderTheHomeDotSshAsForSsh(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".ssh/conf.d"));
        Files.writeString(home.resolve(".ssh/conf.d/one.conf"), "Host inc1\n  HostName 10.1.1.1\n");
        Files.writeString(home.resolve("config"), "Include conf.d/*.conf missing.conf\nHost *\n  User u\n");
        SshConfig included = SshConfig.parse(home.resolve("config"), home);
        assertThat(included.concreteAliases()).containsExactly("inc1");
        assertThat(included.resolve("inc1").address()).isEqualTo("10.1.1.1");
        assertThat(included.resolve("inc1").user()).isEqualTo("u");
    }

    @Test
    void hostPatternsMatchTheNameCaseIncludedAndTheHostNameIsLowercased() {
        SshConfig c = SshConfig.parse("Host Web1\n  Port 1\nHost web1\n  HostName %h.Example\n", "cfg", null);
        assertThat(c.resolve("Web1").port()).isEqualTo(1);
        assertThat(c.resolve("WEB1").port()).isZero();
        assertThat(c.resolve("web1").address()).isEqualTo("web1.example");
    }

    @Test
    void includeInsideAHostBlockAppliesOnlyToThatBlockWhichResumesAfterIt(@TempDir Path dir) throws IOException {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "Port 2200\nHost inner\n  User incuser\n");
        SshConfig c = SshConfig.parse("Host special\n  Include " + inc + "\n  HostName special.example\n"
                + "Host *\n  User fallback\n", "cfg", dir);
        assertThat(c.resolve("special").port()).isEqualTo(2200);
        assertThat(c.resolve("special").address()).isEqualTo("special.example");
        assertThat(c.resolve("inner").user()).isEqualTo("fallback");
        assertThat(c.resolve("inner").port()).isZero();
    }

    @Test
    void matchHostOriginalhostUserAndFinalAsSshReadsThem() {
        SshConfig c = SshConfig.parse("""
                Match originalhost WEB1
                  User orig
                Host *
                  HostName %h.Ex
                Match host *.ex
                  ProxyJump pj
                Match user root
                  Port 9
                Host web1.ex
                  ConnectTimeout 1m30s
                Match final
                  IdentityFile /final
                """, "cfg", null);
        SshOptions o = c.resolve("web1");
        assertThat(o.user()).isEqualTo("orig");
        assertThat(o.address()).isEqualTo("web1.ex");
        assertThat(o.proxyJump()).isEqualTo("pj");
        assertThat(o.port()).isZero();
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(90)); // Host lines see the host name on the final pass
        assertThat(o.identityFiles()).containsExactly("/final");
    }

    @Test
    void matchExecIsNeverRunAndCountsAsFalse() {
        SshConfig c = SshConfig.parse("Match exec \"touch /tmp/never\"\n  Port 7\nMatch !exec x\n  User u\n", "cfg", null);
        assertThat(c.resolve("a").port()).isZero();
        assertThat(c.resolve("a").user()).isEqualTo("u");
    }

    @Test
    void knownHostsFileTakesSshsTokens() {
        SshConfig c = SshConfig.parse("Host a\n  HostName A.Example\n  Port 2200\n  User bob\n"
                + "  UserKnownHostsFile ~/kh_%n_%h_%p_%r_%%\n", "cfg", Path.of("/home/x"));
        assertThat(c.resolve("a").knownHostsFile()).isEqualTo("/home/x/kh_a_a.example_2200_bob_%");
    }

    @Test
    void anUnknownMatchCriterionIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> SshConfig.parse("Host a\nMatch bogus x\n", "cfg", null))
                .hasMessageStartingWith("cfg:2:7: unsupported Match criterion 'bogus'");
    }

    @Test
    void missingFileIsARunException(@TempDir Path dir) {
        assertThatThrownBy(() -> SshConfig.parse(dir.resolve("nope"))).isInstanceOf(RunException.class);
    }
}
