package dev.muster.files.release;

import dev.muster.core.InputException;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.files.Owner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A plan's {@code release:} options, typed and checked (see
 * {@link dev.muster.core.plan.OptionSchema#RELEASE}). Local paths are resolved against the plan's
 * directory.
 *
 * @param artifact       a local .tar.gz, .tgz or .tar file, or a directory used as it is
 * @param base           absolute directory on the hosts holding {@code releases/}, {@code current}
 *                       and {@code revisions.log}
 * @param id             the release's name under {@code releases/}
 * @param keep           how many releases to keep (current and previous are always kept)
 * @param sha256         expected SHA-256 of the artifact (lower case), or null
 * @param checksumFile   a local sha256sum-format file listing the artifact, or null
 * @param signature      a local ssh-keygen signature of the artifact, or null
 * @param allowedSigners the ssh-keygen allowed_signers file the signature is checked against, or null
 * @param signer         the principal that must have signed, or null to accept any allowed one
 * @param namespace      the signature's namespace
 * @param owner          owner for the release tree, or null
 * @param build          shell command run on each host inside the new release before the switch, or null
 * @param migrate        shell command run after {@code build}, or null
 * @param source         plan file the step was written in
 * @param line           its line
 */
public record ReleaseSpec(Path artifact, String base, String id, int keep, String sha256, Path checksumFile,
                          Path signature, Path allowedSigners, String signer, String namespace, Owner owner,
                          String build, String migrate, String source, int line) {
    public static final int DEFAULT_KEEP = 5;
    public static final String DEFAULT_NAMESPACE = "file";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+@=,-]*");
    private static final Pattern TAR_SUFFIX = Pattern.compile("(?i)\\.(tar\\.gz|tgz|tar)$");

    /** Reads {@code step}'s options; a bad value or combination is an {@link InputException} at its line. */
    public static ReleaseSpec of(PlanStep step, PlanContext context) {
        if (!(step.body() instanceof PlanStep.Options o)) {
            throw new IllegalArgumentException("not a release step: " + step.describe());
        }
        Map<String, Object> m = o.options();
        String where = step.source();
        int line = step.line();
        Path artifact = context.local(text(m, "artifact"));
        if (!Files.exists(artifact)) {
            throw error(where, line, "artifact " + artifact + " does not exist");
        }
        boolean directory = Files.isDirectory(artifact);
        if (!directory && !TAR_SUFFIX.matcher(artifact.getFileName().toString()).find()) {
            throw error(where, line, "artifact " + artifact + " must be a .tar.gz, .tgz or .tar file, or a directory");
        }
        String base = base(text(m, "base"), where, line);
        String id = m.containsKey("id") ? text(m, "id")
                : TAR_SUFFIX.matcher(artifact.getFileName().toString()).replaceFirst("");
        if (!safeId(id)) {
            throw error(where, line, "release id '" + id + "' must be one safe path segment (letters, digits, . _ + @ = , -"
                    + " not starting with '.' or '-', not ending in .partial)");
        }
        int keep = m.containsKey("keep") ? (Integer) m.get("keep") : DEFAULT_KEEP;
        String sha = (String) m.get("sha256");
        Path checksum = localOrNull(context, m, "checksum_file");
        Path signature = localOrNull(context, m, "signature");
        Path allowed = localOrNull(context, m, "allowed_signers");
        String signer = (String) m.get("signer");
        String namespace = m.containsKey("namespace") ? text(m, "namespace") : DEFAULT_NAMESPACE;
        if (directory && (sha != null || checksum != null || signature != null)) {
            throw error(where, line, "sha256, checksum_file and signature need an artifact file, and "
                    + artifact + " is a directory");
        }
        if (sha != null && checksum != null) {
            throw error(where, line, "give sha256 or checksum_file, not both");
        }
        if (signature != null && allowed == null) {
            throw error(where, line, "signature needs allowed_signers (the keys allowed to sign releases)");
        }
        if (signature == null && (allowed != null || signer != null || m.containsKey("namespace"))) {
            throw error(where, line, "allowed_signers, signer and namespace only apply with a signature");
        }
        Owner owner;
        try {
            owner = Owner.parse((String) m.get("owner"), null);
        } catch (InputException e) {
            throw error(where, line, "owner: " + e.getMessage());
        }
        return new ReleaseSpec(artifact, base, id, keep, sha, checksum, signature, allowed, signer, namespace, owner,
                (String) m.get("build"), (String) m.get("migrate"), where, line);
    }

    /** True when the artifact is a directory (used as it is, nothing to unpack or verify). */
    public boolean directoryArtifact() {
        return Files.isDirectory(artifact);
    }

    /** The directory of one release on a host. */
    public String releaseDir() {
        return base + "/releases/" + id;
    }

    InputException error(String message) {
        return error(source, line, message);
    }

    static InputException error(String source, int line, String message) {
        return new InputException(source, line, 0, "release: " + message);
    }

    private static String base(String base, String where, int line) {
        String b = normalBase(base);
        if (b == null) {
            throw error(where, line, "base must be an absolute directory on the hosts other than /, got '" + base + "'");
        }
        return b;
    }

    /** {@code base} without trailing slashes, or null when it is not an absolute directory other than /. */
    static String normalBase(String base) {
        String b = base;
        while (b.length() > 1 && b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        boolean bad = !b.startsWith("/") || b.equals("/") || b.contains("\n") || b.contains("/../") || b.endsWith("/..");
        return bad ? null : b;
    }

    /** Whether {@code id} can name a release: one path segment, nothing a shell or a path could misread. */
    static boolean safeId(String id) {
        return SAFE_ID.matcher(id).matches() && !id.endsWith(".partial") && id.length() <= 200;
    }

    private static String text(Map<String, Object> m, String key) {
        return String.valueOf(m.get(key));
    }

    private static Path localOrNull(PlanContext context, Map<String, Object> m, String key) {
        return m.containsKey(key) ? context.local(text(m, key)) : null;
    }
}
