package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.secret.Secret;
import dev.muster.core.secret.Vault;
import dev.muster.core.secret.VaultKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in plans: !vault vars, vault-encrypted vars_files, and resolution before anything runs. */
@Timeout(60)
class PlanSecretsTest {
    static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final ScriptedTransport hosts = new ScriptedTransport((host, request) -> {
        sent.add(request.command());
        return new ExecResult(0, null, new byte[0], new byte[0], false);
    });

    static String vault(String value, String id) {
        return Vault.encrypt(value.getBytes(StandardCharsets.UTF_8), PASSWORD, id).format();
    }

    static String indented(String text, int n) {
        return text.lines().map(l -> " ".repeat(n) + l + "\n").reduce("", String::concat);
    }

    private Inventory inventory(VaultKeys keys, String hostVars) throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "hosts:\n  db01:\n    vars:\n" + hostVars);
        return new InventoryLoader().vaultKeys(keys).load(inv);
    }

    private static VaultKeys keys(byte[] password) {
        return new VaultKeys(List.of(VaultKeys.key("prod", "test", password)));
    }

    private Executor executor() {
        return new Executor(hosts);
    }

    private PlanRunner runner(Plan plan, Inventory inventory) {
        PlanContext context = new PlanContext(plan.vars(), false, false, dir, "run-1", "tester", inventory.redactor());
        return new PlanRunner(plan, inventory.hosts(plan.hosts()), executor(), null, context, List.of());
    }

    @Test
    void planVarsAndVaultEncryptedVarsFilesGiveSecretsThatCommandsGetDecrypted() throws Exception {
        Inventory inventory = inventory(keys(PASSWORD), "      role: db\n");
        Files.createDirectories(dir.resolve("vars"));
        Files.writeString(dir.resolve("vars/prod.yml"), vault("api_token: tok-from-file\nregion: eu-west\n", "prod"));
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: p\ntargets: db01\nvars:\n  region: us-east\n  db_password: !vault |\n"
                + indented(vault("s3cr3t-pw", "prod"), 4) + "vars_files: [vars/prod.yml]\n"
                + "steps:\n  - run: connect {{ db_password }} {{ api_token }} {{ region }}\n");
        Plan read = PlanReader.read(plan, inventory);
        assertThat(read.vars().get("db_password")).isInstanceOf(Secret.class);
        assertThat(read.vars()).containsEntry("region", "eu-west").containsEntry("api_token", "tok-from-file");
        assertThat(inventory.redactor().redact("tok-from-file eu-west")).isEqualTo(Redactor.MASK + " " + Redactor.MASK);

        PlanRunner runner = runner(read, inventory);
        runner.run(new dev.muster.core.strategy.Batch(1, 1, inventory.hosts()), ExecutorOptions.defaults());
        assertThat(sent).anyMatch(c -> c.contains("connect s3cr3t-pw tok-from-file eu-west"));
        assertThat(inventory.redactor().redact("s3cr3t-pw")).isEqualTo(Redactor.MASK);
    }

    @Test
    void aSecretACommandNeedsIsResolvedBeforeAnyHostIsContacted() throws Exception {
        Inventory inventory = inventory(keys("wrong".getBytes(StandardCharsets.UTF_8)),
                "      db_password: !vault |\n" + indented(vault("s3cr3t-pw", "prod"), 8));
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: p\ntargets: db01\nsteps:\n  - run: echo hi\n  - run: psql -W {{ db_password }}\n");
        Plan read = PlanReader.read(plan, inventory);
        assertThatThrownBy(() -> runner(read, inventory)).isInstanceOf(InputException.class)
                .hasMessageContaining(dir.resolve("inventory.yaml") + ":4:20: cannot decrypt db_password (vault id 'prod')");
        assertThat(hosts.connects).hasValue(0);
    }

    @Test
    void aSecretNoStepNamesIsNeverResolved() throws Exception {
        Path marker = dir.resolve("ran");
        Inventory inventory = inventory(VaultKeys.none(), "      unused: {secret: {command: \"touch " + marker + "; echo x\"}}\n"
                + "      sealed: !vault |\n" + indented(vault("never", "prod"), 8));
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: p\ntargets: db01\nsteps:\n  - run: echo hi\n");
        PlanRunner runner = runner(PlanReader.read(plan, inventory), inventory);
        runner.run(new dev.muster.core.strategy.Batch(1, 1, inventory.hosts()), ExecutorOptions.defaults());
        assertThat(sent).containsExactly("echo hi");
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void aMissingVarsFileIsBadInputAtItsLine() throws Exception {
        Inventory inventory = inventory(VaultKeys.none(), "      x: 1\n");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: p\ntargets: db01\nvars_files:\n  - vars/none.yml\nsteps:\n  - run: echo\n");
        assertThatThrownBy(() -> PlanReader.read(plan, inventory)).hasMessageContaining(plan + ":4:5: vars file vars/none.yml does not exist");
    }
}
