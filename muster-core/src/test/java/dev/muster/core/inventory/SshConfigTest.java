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
    void matchBlocksAreIgnored() {
        SshOptions db = config.resolve("db1");
        assertThat(db.user()).isEqualTo("root");
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
    void includeIsFollowedRelativeToTheFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/one.conf"), "Host inc1\n  HostName 10.1.1.1\n");
        Files.writeString(dir.resolve("config"), "Include conf.d/*.conf missing.conf\nHost *\n  User u\n");
        SshConfig included = SshConfig.parse(dir.resolve("config"));
        assertThat(included.concreteAliases()).containsExactly("inc1");
        assertThat(included.resolve("inc1").address()).isEqualTo("10.1.1.1");
        assertThat(included.resolve("inc1").user()).isEqualTo("u");
    }

    @Test
    void missingFileIsARunException(@TempDir Path dir) {
        assertThatThrownBy(() -> SshConfig.parse(dir.resolve("nope"))).isInstanceOf(RunException.class);
    }
}
