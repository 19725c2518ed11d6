package dev.muster.files.release;

import dev.muster.core.InputException;
import dev.muster.files.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Supply-chain checks of a release artifact, on the controller, once, before any host is touched:
 * its SHA-256 against the plan's or a checksum file's, and its ssh-keygen signature against an
 * allowed_signers file (the controller's {@code ssh-keygen -Y verify}).
 */
final class ArtifactCheck {
    private static final long SSH_KEYGEN_SECONDS = 60;
    /** "HASH  NAME" (text mode) or "HASH *NAME" (binary mode), as sha256sum writes them. */
    private static final java.util.regex.Pattern SUM_LINE =
            java.util.regex.Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private ArtifactCheck() {
    }

    /**
     * Runs every check the spec asks for; returns the artifact's SHA-256 (null for a directory).
     *
     * @throws InputException a mismatch, a missing checksum entry, a bad signature
     */
    static String verify(ReleaseSpec spec) {
        if (spec.directoryArtifact()) {
            return null;
        }
        String actual = sha256(spec);
        String expected = spec.sha256();
        String from = "the plan's sha256";
        if (spec.checksumFile() != null) {
            expected = checksumEntry(spec);
            from = spec.checksumFile().toString();
        }
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw spec.error("artifact " + spec.artifact() + " does not match its checksum: expected " + expected
                    + " (" + from + "), actual " + actual);
        }
        if (spec.signature() != null) {
            verifySignature(spec);
        }
        return actual;
    }

    private static String sha256(ReleaseSpec spec) {
        try {
            return Hashing.sha256(spec.artifact());
        } catch (IOException e) {
            throw spec.error("cannot read artifact " + spec.artifact() + ": " + e.getMessage());
        }
    }

    /** The hash on the line of a sha256sum file ("HASH  NAME" or "HASH *NAME") naming the artifact's file. */
    static String checksumEntry(ReleaseSpec spec) {
        String name = spec.artifact().getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(spec.checksumFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw spec.error("cannot read checksum_file " + spec.checksumFile() + ": " + e.getMessage());
        }
        for (String line : lines) {
            var m = SUM_LINE.matcher(line.strip());
            if (m.matches() && m.group(2).substring(m.group(2).lastIndexOf('/') + 1).equals(name)) {
                return m.group(1).toLowerCase(java.util.Locale.ROOT);
            }
        }
        throw spec.error("checksum_file " + spec.checksumFile() + " has no line for " + name);
    }

    private static void verifySignature(ReleaseSpec spec) {
        List<String> principals = spec.signer() != null ? List.of(spec.signer()) : findPrincipals(spec);
        String last = "";
        for (String principal : principals) {
            Result r = sshKeygen(spec, List.of("-Y", "verify", "-f", spec.allowedSigners().toString(), "-I", principal,
                    "-n", spec.namespace(), "-s", spec.signature().toString()), spec.artifact());
            if (r.exit == 0) {
                return;
            }
            last = r.output;
        }
        throw spec.error("signature " + spec.signature() + " of " + spec.artifact() + " does not verify"
                + (spec.signer() != null ? " as signed by " + spec.signer() : "") + " (namespace "
                + spec.namespace() + "): " + last);
    }

    private static List<String> findPrincipals(ReleaseSpec spec) {
        Result r = sshKeygen(spec, List.of("-Y", "find-principals", "-s", spec.signature().toString(), "-f",
                spec.allowedSigners().toString()), null);
        List<String> found = new ArrayList<>();
        if (r.exit == 0) {
            r.output.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(found::add);
        }
        if (found.isEmpty()) {
            throw spec.error("signature " + spec.signature() + " was not made by any key in allowed_signers "
                    + spec.allowedSigners() + ": " + r.output);
        }
        return found;
    }

    private record Result(int exit, String output) {
    }

    private static Result sshKeygen(ReleaseSpec spec, List<String> args, Path stdin) {
        List<String> command = new ArrayList<>();
        command.add("ssh-keygen");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(SSH_KEYGEN_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw spec.error("ssh-keygen did not finish within " + SSH_KEYGEN_SECONDS + " s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw spec.error("cannot run ssh-keygen to verify the signature: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw spec.error("interrupted while verifying the signature");
        }
    }
}
