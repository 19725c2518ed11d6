package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
    private final SshTransportConfig config = SshTransportConfig.builder()
            .defaultUser("ops")
            .knownHostsFile(Path.of("/etc/muster/known_hosts"))
            .identityFiles(List.of(Path.of("/keys/default")))
            .aliasResolver(name -> name.equals("bastion")
                    ? new SshOptions("10.0.0.1", 2200, "jump", List.of("/keys/jump"), null, null, null) : null)
            .build();
    private final TargetResolver resolver = new TargetResolver(config);

    private static Host host(SshOptions ssh) {
        return new Host("db01", ssh, Map.of(), List.of(), null, Map.of());
    }

    @Test
    void unsetOptionsFallBackToTheTransportDefaults() throws Exception {
        Target t = resolver.resolve(host(new SshOptions(null, 0, null, List.of(), null, null, null)));

        assertThat(t.jumps()).isEmpty();
        assertThat(t.host().address()).isEqualTo("db01");
        assertThat(t.host().port()).isEqualTo(22);
        assertThat(t.host().user()).isEqualTo("ops");
        assertThat(t.host().identityFiles()).containsExactly(Path.of("/keys/default"));
        assertThat(t.host().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.host().knownHosts().file()).isEqualTo(Path.of("/etc/muster/known_hosts"));
    }

    @Test
    void hostKeysComeBeforeTheDefaultOnes() throws Exception {
        Target t = resolver.resolve(host(new SshOptions("10.1.1.1", 0, "root", List.of("/keys/db"), null, null, null)));

        assertThat(t.host().identityFiles()).containsExactly(Path.of("/keys/db"), Path.of("/keys/default"));
    }

    @Test
    void proxyJumpChainIsParsedInOrderWithUsersPortsAndAliases() throws Exception {
        Target t = resolver.resolve(host(new SshOptions("10.1.1.1", 0, null, List.of(),
                "admin@gw.example.com:2022, bastion ,[fd00::1]:22", Duration.ofSeconds(3), null)));

        assertThat(t.jumps()).extracting(Hop::user, Hop::address, Hop::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("admin", "gw.example.com", 2022),
                org.assertj.core.groups.Tuple.tuple("jump", "10.0.0.1", 2200),
                org.assertj.core.groups.Tuple.tuple("ops", "fd00::1", 22));
        assertThat(t.jumps().get(1).identityFiles()).startsWith(Path.of("/keys/jump"));
        assertThat(t.jumps().getFirst().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.endpoint()).isEqualTo("gw.example.com:2022");
        assertThat(t.viaRoute().host().address()).isEqualTo("fd00::1");
        assertThat(t.viaRoute().jumps()).hasSize(2);
    }

    @Test
    void sameRouteAndUserShareAPoolKeyAndOthersDoNot() throws Exception {
        Target a = resolver.resolve(host(new SshOptions("10.1.1.1", 0, "root", List.of(), null, null, null)));
        Target b = resolver.resolve(host(new SshOptions("10.1.1.1", 22, "root", List.of(), null, null, null)));
        Target viaJump = resolver.resolve(host(new SshOptions("10.1.1.1", 0, "root", List.of(), "bastion", null, null)));
        Target otherUser = resolver.resolve(host(new SshOptions("10.1.1.1", 0, "app", List.of(), null, null, null)));

        assertThat(a.poolKey()).isEqualTo(b.poolKey()).isNotEqualTo(viaJump.poolKey()).isNotEqualTo(otherUser.poolKey());
    }

    @Test
    void bareIpv6JumpHostHasNoPortSuffix() throws Exception {
        Target t = resolver.resolve(host(new SshOptions("10.1.1.1", 0, null, List.of(), "fd00::1", null, null)));

        assertThat(t.jumps().getFirst().address()).isEqualTo("fd00::1");
        assertThat(t.jumps().getFirst().port()).isEqualTo(22);
    }

    @Test
    void proxyJumpNoneMeansDirect() throws Exception {
        Target t = resolver.resolve(host(new SshOptions("10.1.1.1", 0, null, List.of(), "none", null, null)));

        assertThat(t.jumps()).isEmpty();
    }
}
