package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories each {@link Isolation#PER_HOST} host has to itself, bind-mounted from
 * {@code hosts/NAME/} on the controller: /root (HOME, so no ~/.bashrc is sourced), /srv, /opt and
 * /tmp/muster-host. Everything else (/etc, /usr, /tmp, /proc) is the machine's, shared by all hosts.
 */
final class PrivateDirs {

    /** Mount point inside the host → directory under the host's dir on the controller. */
    static final List<String> TARGETS = List.of("/root", "/srv", "/opt", "/tmp/muster-host");

    private PrivateDirs() {
    }

    /** Creates the host's directories and returns the bind mounts: source on the controller → target. */
    static Map<Path, String> prepare(Path hostDir) throws IOException {
        Map<Path, String> binds = new LinkedHashMap<>();
        for (String target : TARGETS) {
            Path source = Files.createDirectories(hostDir.resolve(target.substring(1)));
            binds.put(source, target);
        }
        return binds;
    }

    /** Mount points must exist on the real file system; /tmp/muster-host usually does not. */
    static void createMountPoints() throws IOException {
        for (String target : TARGETS) {
            Files.createDirectories(Path.of(target));
        }
    }

    /** The controller-side path of {@code remotePath} on a host, if it lies in a private directory. */
    static Path resolve(Path hostDir, String remotePath) {
        Path remote = Path.of(remotePath).normalize();
        for (String target : TARGETS) {
            if (remote.startsWith(target)) {
                return hostDir.resolve(remote.toString().substring(1));
            }
        }
        throw new IllegalArgumentException(remotePath + " is not private to a host; private directories are " + TARGETS);
    }

    /** A fleet directory under a private mount point would be hidden from the sshd reading it. */
    static void checkOutside(Path fleetDir) {
        Path d = fleetDir.toAbsolutePath().normalize();
        for (String target : TARGETS) {
            if (d.startsWith(target)) {
                throw new IllegalArgumentException("fleet directory " + d + " must not lie under " + target
                        + ", which each host mounts privately");
            }
        }
    }
}
