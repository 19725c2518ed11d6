package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What this machine offers for running real sshd fleets, probed once. */
final class SshdEnvironment {

    static final Path DEFAULT_SSHD = Path.of("/usr/sbin/sshd");
    static final Path UNSHARE = Path.of("/usr/bin/unshare");

    private static volatile Optional<String> unshareProblem;

    private SshdEnvironment() {
    }

    static Optional<String> fleetProblem(Path sshd) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("real sshd fleets need Linux (hosts live on 127.0.x.y loopback addresses)");
        }
        if (!Files.isExecutable(sshd)) {
            return Optional.of("no executable sshd at " + sshd + " (install openssh-server)");
        }
        if (isRoot() && !Files.isDirectory(Path.of("/run/sshd")) && unshareProblem().isPresent()) {
            return Optional.of("as root sshd needs /run/sshd, which is absent, and " + unshareProblem().get());
        }
        return Optional.empty();
    }

    static Optional<String> perHostProblem(Path sshd) {
        Optional<String> fleet = fleetProblem(sshd);
        if (fleet.isPresent()) {
            return fleet;
        }
        if (!isRoot()) {
            return Optional.of("per-host directories need root (mount namespaces and bind mounts)");
        }
        return unshareProblem();
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux: the fleet problem says so
        }
        return false;
    }

    /** Empty if {@code unshare -m -u} works here (it fails in unprivileged containers). */
    static Optional<String> unshareProblem() {
        Optional<String> known = unshareProblem;
        if (known == null) {
            known = probeUnshare();
            unshareProblem = known;
        }
        return known;
    }

    private static Optional<String> probeUnshare() {
        if (!Files.isExecutable(UNSHARE)) {
            return Optional.of("no unshare at " + UNSHARE + " (install util-linux)");
        }
        try {
            Process p = new ProcessBuilder(UNSHARE.toString(), "-m", "-u", "--propagation", "private", "true")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of("unshare -m -u fails here: " + output);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing unshare");
        }
    }
}
