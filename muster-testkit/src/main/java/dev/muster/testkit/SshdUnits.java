package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes host keys and configs, and builds the sshd units for a plan of hosts. */
final class SshdUnits {

    private final OpenSshFleetBuilder b;
    private final Path dir;
    private final Path authorized;
    private final boolean root;
    private final List<KeyFiles.Endpoint> endpoints = new ArrayList<>();

    SshdUnits(OpenSshFleetBuilder b, Path dir, Path authorized, boolean root) {
        this.b = b;
        this.dir = dir;
        this.authorized = authorized;
        this.root = root;
    }

    List<SshdUnit> perHost(List<OpenSshHost> hosts) throws IOException {
        PrivateDirs.checkOutside(dir);
        PrivateDirs.createMountPoints();
        List<SshdUnit> units = new ArrayList<>();
        for (OpenSshHost h : hosts) {
            Map<Path, String> binds = PrivateDirs.prepare(dir.resolve("hosts").resolve(h.name()));
            units.add(unit(h.name(), List.of(h), new SshdUnit.Launch(b.sshd(), true, h.name(), binds)));
        }
        return units;
    }

    List<SshdUnit> shared(List<OpenSshHost> hosts) throws IOException {
        List<SshdUnit> units = new ArrayList<>();
        int per = b.hostsPerSshd();
        for (int i = 0; i < hosts.size(); i += per) {
            String name = "sshd" + HostNames.pad(i / per + 1, (hosts.size() + per - 1) / per);
            units.add(unit(name, hosts.subList(i, Math.min(hosts.size(), i + per)), sharedLaunch(name)));
        }
        return units;
    }

    /** As root, still a namespace: for /run/sshd, and an empty HOME so root's ~/.bashrc is not sourced. */
    private SshdUnit.Launch sharedLaunch(String unit) throws IOException {
        if (!root || SshdEnvironment.unshareProblem().isPresent()) {
            return new SshdUnit.Launch(b.sshd(), false, null, Map.of());
        }
        Path home = Files.createDirectories(dir.resolve("sshd").resolve(unit).resolve("home"));
        return new SshdUnit.Launch(b.sshd(), true, null, Map.of(home, "/root"));
    }

    private SshdUnit unit(String name, List<OpenSshHost> hosts, SshdUnit.Launch launch) {
        Path unitDir = dir.resolve("sshd").resolve(name);
        Path hostKey = unitDir.resolve("ssh_host_ed25519_key");
        KeyPair pair = KeyFiles.newEd25519();
        KeyFiles.writeKeyPair(pair, hostKey, name);
        hosts.forEach(h -> endpoints.add(new KeyFiles.Endpoint(h.endpoint(), pair.getPublic())));
        SshdConfig config = new SshdConfig(hosts, hostKey, unitDir.resolve("sshd.pid"), authorized,
                b.kex(), b.maxStartups(), b.maxSessions(), b.sshdOptions());
        return new SshdUnit(name, unitDir, config, launch);
    }

    List<KeyFiles.Endpoint> endpoints() {
        return endpoints;
    }
}
