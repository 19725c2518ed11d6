package dev.muster.testkit;

import java.nio.file.Path;

/** Writes an OpenSSH client config naming every host of a fake fleet. */
final class SshConfigWriter {

    private SshConfigWriter() {
    }

    static void write(Path file, FakeFleet fleet) {
        StringBuilder c = new StringBuilder("# written by muster-testkit for a fake fleet\n");
        for (FakeHost h : fleet.hosts()) {
            c.append("Host ").append(h.name()).append('\n')
                    .append("  HostName ").append(h.address()).append('\n')
                    .append("  Port ").append(h.port()).append('\n')
                    .append("  User ").append(h.user()).append('\n');
        }
        c.append("Host *\n")
                .append("  IdentityFile ").append(quoted(fleet.clientKey().privateKeyFile())).append('\n')
                .append("  IdentitiesOnly yes\n")
                .append("  UserKnownHostsFile ").append(quoted(fleet.knownHosts())).append('\n')
                .append("  StrictHostKeyChecking yes\n");
        KeyFiles.write(file, c.toString());
    }

    private static String quoted(Path path) {
        String p = path.toAbsolutePath().toString();
        return p.contains(" ") ? '"' + p + '"' : p;
    }
}
