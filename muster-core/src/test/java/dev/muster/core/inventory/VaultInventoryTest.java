package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.plan.PlanVars;
import dev.muster.core.secret.Secret;
import dev.muster.core.secret.Vault;
import dev.muster.core.secret.VaultKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class VaultInventoryTest {
    static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static VaultKeys keys(String label, byte[] password) {
        return new VaultKeys(List.of(VaultKeys.key(label, "test", password)));
    }

    /** {@code name: !vault |} then the vault text indented by {@code indent}. */
    static String vaultYaml(String name, String value, String label, int indent) {
        String text = Vault.encrypt(value.getBytes(StandardCharsets.UTF_8), PASSWORD, label).format();
        String pad = " ".repeat(indent);
        StringBuilder out = new StringBuilder(pad + name + ": !vault |\n");
        text.lines().forEach(l -> out.append(pad).append("  ").append(l).append('\n'));
        return out.toString();
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void ansibleYamlVaultValuesAreSecretsDecryptedWhenUsedAndThenMasked() throws Exception {
        Path inv = write("inv.yml", "all:\n  hosts:\n    db1:\n      ansible_host: 127.0.0.1\n"
                + vaultYaml("db_password", "s3cr3t-pw", "prod", 6) + "      plain: hello\n");
        Inventory inventory = new InventoryLoader().vaultKeys(keys("prod", PASSWORD)).load(inv);
        Object value = inventory.host("db1").orElseThrow().vars().get("db_password");
        assertThat(value).isInstanceOf(Secret.class);
        assertThat(value.toString()).isEqualTo(Redactor.MASK).doesNotContain("ANSIBLE_VAULT");
        assertThat(inventory.redactor().redact("pw=s3cr3t-pw")).isEqualTo("pw=s3cr3t-pw"); // not resolved yet
        assertThat(((Secret) value).value()).isEqualTo("s3cr3t-pw");
        assertThat(inventory.redactor().redact("pw=s3cr3t-pw")).isEqualTo("pw=" + Redactor.MASK);
    }

    @Test
    void musterYamlTakesVaultValuesPlainNestedAndUnderSecret() throws Exception {
        Path inv = write("inv.yaml", "hosts:\n  db1:\n    address: 127.0.0.1\n    vars:\n"
                + vaultYaml("a", "alpha-secret", "default", 6)
                + "      b:\n        secret: !vault |\n"
                + Vault.encrypt("beta-secret".getBytes(StandardCharsets.UTF_8), PASSWORD, null).format().lines()
                        .map(l -> "          " + l + "\n").reduce("", String::concat)
                + "      c:\n        nested:\n" + vaultYaml("pw", "gamma-secret", "default", 10));
        Inventory inventory = new InventoryLoader().vaultKeys(keys("default", PASSWORD)).load(inv);
        Map<String, Object> vars = inventory.host("db1").orElseThrow().vars();
        assertThat(((Secret) vars.get("a")).value()).isEqualTo("alpha-secret");
        assertThat(((Secret) vars.get("b")).value()).isEqualTo("beta-secret");
        Map<?, ?> nested = (Map<?, ?>) ((Map<?, ?>) vars.get("c")).get("nested");
        assertThat(nested.get("pw")).isInstanceOf(Secret.class);
        assertThat(((Secret) nested.get("pw")).name()).isEqualTo("c.nested.pw");
        assertThat(Secret.resolved(vars.get("c"))).isEqualTo(Map.of("nested", Map.of("pw", "gamma-secret")));
    }

    @Test
    void aVaultValueIsNeverUsedAsItsCiphertextInCommands() throws Exception {
        Path inv = write("inv.yml", "all:\n  hosts:\n    db1:\n" + vaultYaml("db_password", "s3 cr'et", "prod", 6));
        Inventory inventory = new InventoryLoader().vaultKeys(keys("prod", PASSWORD)).load(inv);
        Host db1 = inventory.host("db1").orElseThrow();
        var step = new dev.muster.core.plan.PlanStep(dev.muster.core.plan.StepKind.RUN, null, null, null, null,
                List.of(), new dev.muster.core.plan.PlanStep.Run("x", false, null, null, null), "plan.yaml", 3);
        String command = PlanVars.command("psql -W {{ db_password }}", PlanVars.hostScope(db1, Map.of(), Map.of(),
                Map.of()), step);
        assertThat(command).isEqualTo("psql -W 's3 cr'\"'\"'et'");
    }

    @Test
    void noPasswordWrongPasswordAndAlteredPayloadNameTheFileLineAndVaultIdWhenUsed() throws Exception {
        String yaml = "all:\n  hosts:\n    db1:\n      x: 1\n" + vaultYaml("db_password", "s3cr3t", "prod", 6);
        Path inv = write("inv.yml", yaml);
        Secret none = (Secret) new InventoryLoader().load(inv).host("db1").orElseThrow().vars().get("db_password");
        assertThatThrownBy(none::value).isInstanceOf(InputException.class)
                .hasMessageStartingWith(inv + ":5:20: db_password is vault-encrypted (vault id 'prod') but no vault "
                        + "password was given");
        Secret wrong = (Secret) new InventoryLoader().vaultKeys(keys("prod", "nope".getBytes(StandardCharsets.UTF_8)))
                .load(inv).host("db1").orElseThrow().vars().get("db_password");
        assertThatThrownBy(wrong::value).hasMessageStartingWith(inv + ":5:20: cannot decrypt db_password (vault id "
                + "'prod'): wrong password");
        Secret unknown = (Secret) new InventoryLoader().vaultKeys(keys("dev", PASSWORD)).load(inv)
                .host("db1").orElseThrow().vars().get("db_password");
        assertThat(unknown.value()).isEqualTo("s3cr3t"); // as Ansible: another vault id's password may fit
        Secret unknownWrong = (Secret) new InventoryLoader().vaultKeys(keys("dev", "nope".getBytes(StandardCharsets.UTF_8)))
                .load(inv).host("db1").orElseThrow().vars().get("db_password");
        assertThatThrownBy(unknownWrong::value).hasMessageContaining("no vault password is given for vault id 'prod'");
        String lines = yaml.substring(0, yaml.length() - 1);
        Path altered = write("altered.yml", lines.substring(0, lines.length() - 1)
                + (lines.endsWith("0") ? "1" : "0") + "\n");
        Secret bad = (Secret) new InventoryLoader().vaultKeys(keys("prod", PASSWORD)).load(altered)
                .host("db1").orElseThrow().vars().get("db_password");
        assertThatThrownBy(bad::value).hasMessageStartingWith(altered + ":5:20:").hasMessageContaining("vault id 'prod'");
    }

    @Test
    void aVaultTagWhereNoVariableIsExpectedIsAnError() throws Exception {
        Path inv = write("inv.yaml", "hosts:\n  db1:\n" + vaultYaml("address", "10.0.0.1", "default", 4));
        assertThatThrownBy(() -> new InventoryLoader().load(inv)).isInstanceOf(InputException.class)
                .hasMessageContaining(inv + ":3:").hasMessageContaining("address must be a string, found a vault-encrypted value");
        Path tagged = write("tagged.yaml", "hosts:\n  db1:\n    vars:\n      x: !vault {a: b}\n");
        assertThatThrownBy(() -> new InventoryLoader().load(tagged)).hasMessageContaining("!vault must tag the vault text");
    }

    @Test
    void aWholeVaultEncryptedInventoryIsReadWithItsPasswordAndItsVariableValuesAreSecret() throws Exception {
        String ini = "[db]\ndb1 ansible_host=127.0.0.1 ansible_port=2222 db_password=t0ps3cret\n[db:vars]\nbackup_key=k3y-for-backups\n";
        Path inv = write("hosts.ini", Vault.encrypt(ini.getBytes(StandardCharsets.UTF_8), PASSWORD, "prod").format());
        Inventory inventory = new InventoryLoader().vaultKeys(keys("prod", PASSWORD)).load(inv);
        Host db1 = inventory.host("db1").orElseThrow();
        assertThat(db1.ssh().port()).isEqualTo(2222);
        assertThat(db1.vars()).containsEntry("db_password", "t0ps3cret");
        assertThat(inventory.redactor().redact("t0ps3cret k3y-for-backups 127.0.0.1:2222"))
                .isEqualTo("**** **** 127.0.0.1:2222");
        assertThatThrownBy(() -> new InventoryLoader().load(inv)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(inv + ":1:1: the file is vault-encrypted (vault id 'prod') but no vault password");

        String yaml = "all:\n  hosts:\n    web1:\n      api_token: tok-123456\n      port_number: 8080\n";
        Path yml = write("inv.yml", Vault.encrypt(yaml.getBytes(StandardCharsets.UTF_8), PASSWORD, null).format());
        Inventory fromYaml = new InventoryLoader().vaultKeys(keys("default", PASSWORD)).load(yml);
        assertThat(fromYaml.host("web1").orElseThrow().vars()).containsEntry("api_token", "tok-123456");
        assertThat(fromYaml.redactor().redact("tok-123456")).isEqualTo(Redactor.MASK);
    }

    @Test
    void eachServerRunResolvesAgainButEarlierValuesStayMasked() throws Exception {
        Path inv = write("inv.yml", "all:\n  hosts:\n    db1:\n" + vaultYaml("db_password", "s3cr3t", "prod", 6));
        Inventory inventory = new InventoryLoader().vaultKeys(keys("prod", PASSWORD)).load(inv);
        Secret first = (Secret) inventory.host("db1").orElseThrow().vars().get("db_password");
        assertThat(first.value()).isEqualTo("s3cr3t");
        Inventory run = inventory.forRun();
        Secret again = (Secret) run.host("db1").orElseThrow().vars().get("db_password");
        assertThat(again).isNotSameAs(first);
        assertThat(again.value()).isEqualTo("s3cr3t");
        assertThat(run.redactor().redact("s3cr3t")).isEqualTo(Redactor.MASK);
        assertThat(run.group("all").fold()).isEqualTo("db1");
    }
}
