package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.artifact;
import static dev.muster.files.release.ReleaseFixture.context;
import static dev.muster.files.release.ReleaseFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.StepKind;
import dev.muster.files.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checksums and ssh-keygen signatures are checked on the controller when the step is built, before
 * any host is touched. Keys and signatures are made by the real ssh-keygen.
 */
class ReleaseVerificationTest {
    @TempDir
    Path tmp;
    Path artifact;
    PlanContext ctx;

    @BeforeEach
    void makeArtifact() throws IOException {
        artifact = artifact(tmp, "app-1.4.2", Map.of("bin/app", "v1\n"));
        ctx = context(tmp, "r", false, false);
    }

    private ReleaseStep build(Object... options) {
        List<Object> kv = new ArrayList<>(List.of("artifact", "app-1.4.2.tar.gz", "base", "/srv/app"));
        kv.addAll(List.of(options));
        return ReleaseStep.of(ReleaseSpec.of(ReleaseFixture.step(StepKind.RELEASE, kv.toArray()), ctx), ctx);
    }

    @Test
    void theIdDefaultsToTheArtifactNameWithoutItsTarExtension() {
        ReleaseStep step = build();
        assertThat(step.spec().id()).isEqualTo("app-1.4.2");
        assertThat(step.spec().keep()).isEqualTo(5);
    }

    @Test
    void aMatchingSha256PassesAndAWrongOneNamesExpectedAndActual() throws IOException {
        String actual = Hashing.sha256(artifact);
        assertThat(build("sha256", actual).sha256()).isEqualTo(actual);
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> build("sha256", wrong)).isInstanceOf(InputException.class)
                .hasMessage("deploy.yaml:7: release: artifact " + artifact + " does not match its checksum: expected "
                        + wrong + " (the plan's sha256), actual " + actual);
    }

    @Test
    void theChecksumFileLineForTheArtifactIsUsed() throws IOException {
        String actual = Hashing.sha256(artifact);
        Path sums = tmp.resolve("SHA256SUMS");
        Files.writeString(sums, "0".repeat(64) + "  other.tar.gz\n" + actual + " *dist/app-1.4.2.tar.gz\n");
        assertThat(build("checksum_file", "SHA256SUMS").sha256()).isEqualTo(actual);

        Files.writeString(sums, "f".repeat(64) + "  app-1.4.2.tar.gz\n");
        assertThatThrownBy(() -> build("checksum_file", "SHA256SUMS")).hasMessageContaining("expected " + "f".repeat(64));
        Files.writeString(sums, actual + "  other.tar.gz\n");
        assertThatThrownBy(() -> build("checksum_file", "SHA256SUMS"))
                .hasMessageEndingWith("has no line for app-1.4.2.tar.gz");
    }

    @Test
    void theRealSha256sumFormatIsRead() throws IOException {
        Files.writeString(tmp.resolve("SUMS"), sh(tmp, "sha256sum", "app-1.4.2.tar.gz"));
        assertThat(build("checksum_file", "SUMS").sha256()).isEqualTo(Hashing.sha256(artifact));
    }

    @Test
    void aGoodSignaturePassesWithOrWithoutANamedSigner() throws IOException {
        Path key = key("deploy");
        allowedSigners("deploy@example.com", key);
        sign(key);
        build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed");
        build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed", "signer", "deploy@example.com");
    }

    @Test
    void aTamperedArtifactFails() throws IOException {
        Path key = key("deploy");
        allowedSigners("deploy@example.com", key);
        sign(key);
        Files.write(artifact, new byte[]{1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("deploy.yaml:7: release: signature " + tmp.resolve("app-1.4.2.tar.gz.sig")
                        + " of " + artifact + " does not verify (namespace file): ")
                .hasMessageContaining("Signature verification failed");
    }

    @Test
    void aSignatureByAKeyNotInAllowedSignersFails() throws IOException {
        allowedSigners("deploy@example.com", key("deploy"));
        sign(key("mallory"));
        assertThatThrownBy(() -> build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed"))
                .hasMessageContaining("was not made by any key in allowed_signers");
        assertThatThrownBy(() -> build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed",
                "signer", "deploy@example.com")).hasMessageContaining("does not verify as signed by deploy@example.com");
    }

    @Test
    void aSignatureInAnotherNamespaceFails() throws IOException {
        Path key = key("deploy");
        allowedSigners("deploy@example.com", key);
        sign(key);
        assertThatThrownBy(() -> build("signature", "app-1.4.2.tar.gz.sig", "allowed_signers", "allowed",
                "namespace", "release")).hasMessageContaining("(namespace release)");
    }

    @Test
    void badCombinationsNameThePlanLine() throws IOException {
        Files.createDirectories(tmp.resolve("site"));
        assertThatThrownBy(() -> ReleaseSpec.of(ReleaseFixture.step(StepKind.RELEASE, "artifact", "site", "base", "/srv",
                "sha256", "a".repeat(64)), ctx)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("deploy.yaml:7: release: sha256, checksum_file and signature need an artifact file");
        assertThatThrownBy(() -> build("signature", "x.sig")).hasMessage(
                "deploy.yaml:7: release: signature needs allowed_signers (the keys allowed to sign releases)");
        assertThatThrownBy(() -> build("id", "../etc")).hasMessageContaining("must be one safe path segment");
        assertThatThrownBy(() -> build("id", "a.partial")).hasMessageContaining("must be one safe path segment");
        assertThatThrownBy(() -> ReleaseSpec.of(ReleaseFixture.step(StepKind.RELEASE, "artifact", "app-1.4.2.tar.gz",
                "base", "srv"), ctx)).hasMessageContaining("base must be an absolute directory");
        assertThatThrownBy(() -> ReleaseSpec.of(ReleaseFixture.step(StepKind.RELEASE, "artifact", "missing.tgz",
                "base", "/srv"), ctx)).hasMessageContaining("does not exist");
    }

    private Path key(String name) throws IOException {
        Path key = tmp.resolve(name);
        if (!Files.exists(key)) {
            sh(tmp, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
        }
        return key;
    }

    private void allowedSigners(String principal, Path key) throws IOException {
        String pub = Files.readString(Path.of(key + ".pub")).strip();
        Files.writeString(tmp.resolve("allowed"), principal + " namespaces=\"file,release\" " + pub + "\n");
    }

    private void sign(Path key) throws IOException {
        Files.deleteIfExists(Path.of(artifact + ".sig"));
        sh(tmp, "ssh-keygen", "-q", "-Y", "sign", "-f", key.toString(), "-n", "file", artifact.toString());
    }
}
