package dev.muster.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSH client the way a user would, with nothing from ~/.ssh. */
final class SshCli {

    private SshCli() {
    }

    static TestClient.Result run(Path key, Path knownHosts, String user, String address, int port, String command)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh", "-F", "/dev/null", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20", "-p", Integer.toString(port),
                user + "@" + address, command))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ssh did not finish");
        }
        return new TestClient.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    static TestClient.Result run(OpenSshFleet fleet, OpenSshHost host, String command)
            throws IOException, InterruptedException {
        return run(fleet.clientKey().privateKeyFile(), fleet.knownHosts(), fleet.user(), host.address(), host.port(),
                command);
    }
}
