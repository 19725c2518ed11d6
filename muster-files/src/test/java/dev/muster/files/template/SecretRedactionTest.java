package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.Redactor;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets reach the host's file but never a preview, log or diff. */
class SecretRedactionTest {
    @TempDir
    Path dir;

    private Inventory inventory;
    private Host db1;

    @BeforeEach
    void loadInventory() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, """
                secrets: [api_token]
                hosts:
                  db1: {address: 10.0.0.9, vars: {db_password: {secret: "s3cr3t-pw"}, api_token: tok-123456,
                        tls_key: {secret: "-----BEGIN KEY-----\\nAAAA\\n-----END KEY-----"}}}
                """);
        inventory = new InventoryLoader().load(file);
        db1 = inventory.host("db1").orElseThrow();
    }

    private RenderedFile render(String template) throws Exception {
        Path file = dir.resolve("t.peb");
        Files.writeString(file, template);
        return Templates.load(file).render(db1, FactSource.unavailable("test"), inventory.redactor());
    }

    @Test
    void theContentHoldsTheSecretButTheRedactedTextHidesWholeLines() throws Exception {
        RenderedFile f = render("host = {{ host.address }}\npassword = {{ db_password }}\ntoken: {{ api_token }}\nend\n");
        assertThat(new String(f.content(), StandardCharsets.UTF_8)).contains("password = s3cr3t-pw").contains("tok-123456");
        assertThat(f.redactedText()).isEqualTo("host = 10.0.0.9\n<secret redacted>\n<secret redacted>\nend\n");
        assertThat(f.containsSecret()).isTrue();
        assertThat(f.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void everyLineOfAMultiLineSecretIsHidden() throws Exception {
        RenderedFile f = render("before\n{{ tls_key }}\nafter\n");
        assertThat(f.redactedText()).isEqualTo("before\n<secret redacted>\n<secret redacted>\n<secret redacted>\nafter\n");
    }

    @Test
    void aFileWithoutSecretsIsShownAsIs() throws Exception {
        RenderedFile f = render("plain {{ host.name }}\n");
        assertThat(f.redactedText()).isEqualTo("plain db1\n");
        assertThat(f.containsSecret()).isFalse();
    }

    @Test
    void aDiffNeverShowsTheNewSecretNorTheOneItReplaces() throws Exception {
        RenderedFile f = render("user = app\npassword = {{ db_password }}\nport = 5432\n");
        byte[] onHost = "user = app\npassword = old-password\nport = 5433\n".getBytes(StandardCharsets.UTF_8);
        String diff = f.diffFrom(onHost, "/etc/app.conf", inventory.redactor());
        assertThat(diff).doesNotContain("s3cr3t").doesNotContain("old-password")
                .isEqualTo("--- /etc/app.conf\n+++ /etc/app.conf\n@@ -1,3 +1,3 @@\n user = app\n"
                        + "-<secret redacted>\n-port = 5433\n+<secret redacted>\n+port = 5432\n");
    }

    @Test
    void anUnchangedSecretLineIsContextNotAChange() throws Exception {
        RenderedFile f = render("password = {{ db_password }}\nport = 5432\n");
        byte[] onHost = "password = s3cr3t-pw\nport = 1\n".getBytes(StandardCharsets.UTF_8);
        String diff = f.diffFrom(onHost, "app.conf", inventory.redactor());
        assertThat(diff).isEqualTo("--- app.conf\n+++ app.conf\n@@ -1,2 +1,2 @@\n <secret redacted>\n-port = 1\n+port = 5432\n");
    }

    @Test
    void aNewFileIsDiffedAgainstDevNullAndABinaryOneIsNamedOnly() throws Exception {
        RenderedFile f = render("a\n");
        assertThat(f.diffFrom(null, "x.conf", Redactor.none())).isEqualTo("--- /dev/null\n+++ x.conf\n@@ -0,0 +1 @@\n+a\n");
        assertThat(f.diffFrom(new byte[] {1, 0, 2}, "x.conf", Redactor.none())).contains("Binary");
        assertThat(f.diffFrom("a\n".getBytes(StandardCharsets.UTF_8), "x.conf", Redactor.none())).isEmpty();
    }

    @Test
    void failingToGatherFactsIsAStepFailureEvenInsideACondition() throws Exception {
        assertThatThrownBy(() -> render("{% if facts.cpus > 2 %}big{% endif %}"))
                .isInstanceOf(StepFailure.class).hasMessageContaining("facts are not available");
    }
}
