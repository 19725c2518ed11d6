package dev.muster.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code {secret: {env|file|command: ...}}}: resolved when used, once per command, loud when they fail. */
@Timeout(60)
class SecretSourcesTest {
    @TempDir
    Path dir;

    private Inventory load(String yaml, Map<String, String> env) throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, yaml);
        return new InventoryLoader().secrets(new SecretResolver(VaultKeys.none(), env, new KnownSecrets())).load(inv);
    }

    private static Secret secret(Inventory inventory, String host, String name) {
        return (Secret) inventory.host(host).orElseThrow().vars().get(name);
    }

    @Test
    void anEnvironmentVariableIsReadWhenUsedAndMaskedAfter() throws Exception {
        Inventory inv = load("hosts:\n  db1:\n    vars:\n      db_password: {secret: {env: DB_PW}}\n",
                Map.of("DB_PW", "from-the-env"));
        assertThat(inv.redactor().redact("from-the-env")).isEqualTo("from-the-env");
        assertThat(secret(inv, "db1", "db_password").value()).isEqualTo("from-the-env");
        assertThat(inv.redactor().redact("x from-the-env")).isEqualTo("x " + Redactor.MASK);
        Inventory unset = load("hosts:\n  db1:\n    vars:\n      db_password: {secret: {env: DB_PW}}\n", Map.of());
        assertThatThrownBy(() -> secret(unset, "db1", "db_password").value()).isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("inventory.yaml") + ":4:35: db_password: environment variable DB_PW is not set");
    }

    @Test
    void aPrivateFileRelativeToTheInventoryIsReadAndAnOpenOneIsRefused() throws Exception {
        Path file = dir.resolve("secrets/db.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "file-secret-1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String yaml = "hosts:\n  db1:\n    vars:\n      db_password: {secret: {file: secrets/db.txt}}\n";
        assertThat(secret(load(yaml, Map.of()), "db1", "db_password").value()).isEqualTo("file-secret-1");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Inventory open = load(yaml, Map.of());
        assertThatThrownBy(() -> secret(open, "db1", "db_password").value())
                .hasMessage(dir.resolve("inventory.yaml") + ":4:36: db_password: the secret file " + file
                        + " is refused: it is readable or writable by group or others (mode 0644); make it private: "
                        + "chmod 600 " + file);
        Files.delete(file);
        Inventory missing = load(yaml, Map.of());
        assertThatThrownBy(() -> secret(missing, "db1", "db_password").value())
                .hasMessageContaining("the secret file " + file + " does not exist");
    }

    @Test
    void aCommandRunsOnceHoweverManyHostsUseItAndOnlyWhenUsed() throws Exception {
        Path marker = dir.resolve("ran");
        String yaml = "vars:\n  db_password: {secret: {command: \"echo run >> " + marker + "; printf 'cmd-secret\\\\n'\"}}\n"
                + "  other: {secret: {command: \"echo other >> " + marker + "; echo x\"}}\n"
                + "hosts:\n  \"db[1-5]\": {}\n";
        Inventory inv = load(yaml, Map.of());
        assertThat(Files.exists(marker)).isFalse();
        for (Host h : inv.hosts()) {
            assertThat(((Secret) h.vars().get("db_password")).value()).isEqualTo("cmd-secret");
        }
        assertThat(Files.readAllLines(marker)).containsExactly("run");
        SecretResolver.preflight(inv.hosts(), "db_password"::equals);
        assertThat(Files.readAllLines(marker)).containsExactly("run");
        assertThat(inv.redactor().redact("pw=cmd-secret")).isEqualTo("pw=" + Redactor.MASK);
    }

    @Test
    void aFailingOrSilentCommandIsBadInputWhereItIsWritten() throws Exception {
        Inventory inv = load("hosts:\n  db1:\n    vars:\n      a: {secret: {command: \"exit 3\"}}\n"
                + "      b: {secret: {command: \"true\"}}\n", Map.of());
        assertThatThrownBy(() -> secret(inv, "db1", "a").value())
                .hasMessage(dir.resolve("inventory.yaml") + ":4:29: a: the command `exit 3` exited with code 3");
        assertThatThrownBy(() -> secret(inv, "db1", "b").value())
                .hasMessageContaining(":5:29: b: command `true` gives an empty value");
        // the same error every time it is asked for: the command ran once
        assertThatThrownBy(() -> secret(inv, "db1", "a").value()).hasMessageContaining("exited with code 3");
    }

    @Test
    void aSourceMustBeExactlyOneOfEnvFileCommand() {
        assertThatThrownBy(() -> load("hosts:\n  db1:\n    vars:\n      a: {secret: {envv: X}}\n", Map.of()))
                .hasMessageContaining("unknown key 'envv' in the secret source of 'a'; allowed: env, file, command");
        assertThatThrownBy(() -> load("hosts:\n  db1:\n    vars:\n      a: {secret: {env: X, file: y}}\n", Map.of()))
                .hasMessageContaining("must be exactly one of env, file, command");
    }

    @Test
    void aSecretPrintsMaskedAndTheSourceNeverHoldsTheValue() throws Exception {
        Inventory inv = load("hosts:\n  db1:\n    vars:\n      a: {secret: {env: A}}\n", Map.of("A", "zzz-value"));
        Secret a = secret(inv, "db1", "a");
        assertThat(a.toString()).isEqualTo(Redactor.MASK);
        assertThat(a.value()).isEqualTo("zzz-value");
        assertThat(a.source().toString()).doesNotContain("zzz-value");
        assertThat(String.valueOf(inv.host("db1").orElseThrow().vars())).doesNotContain("zzz-value");
    }
}
