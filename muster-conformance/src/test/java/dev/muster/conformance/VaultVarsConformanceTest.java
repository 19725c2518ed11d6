package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.InputException;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.secret.VaultKeys;
import dev.muster.testkit.ReferenceTool;
import dev.muster.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated inventories whose group_vars/ and host_vars/ files (plain files, and files in
 * directories and their subdirectories) and some inventory files themselves are encrypted as a
 * whole by {@code ansible-vault encrypt}, half in format 1.1 (no vault id), half in 1.2 with the
 * vault id {@code prod}: muster, given both passwords, reads every host, group and variable as
 * {@code ansible-inventory --list} does with the same passwords; without them, it stops at the
 * first encrypted file it must read, naming the file, its line and the vault id.
 */
@Timeout(600)
class VaultVarsConformanceTest {
    private static final int CASES_PER_SEED = 8;
    private static final String PASSWORD_11 = "pw for 1.1, ünïcode";
    private static final String PASSWORD_PROD = "correct horse battery staple";
    private static AnsibleInventory ansible;
    private static ReferenceTool ansibleVault;

    @BeforeAll
    static void findAnsible() {
        ansible = AnsibleInventory.require();
        ansibleVault = ReferenceTool.require("ansible-vault", "ansible");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void vaultEncryptedVarsFilesAndInventoriesResolveAsAnsibleInventoryListsThem(long seed, @TempDir Path dir)
            throws Exception {
        Path pw11 = Files.writeString(dir.resolve("pw-default"), PASSWORD_11 + "\n");
        Path pwProd = Files.writeString(dir.resolve("pw-prod"), PASSWORD_PROD + "\n");
        Path root = Files.createDirectories(dir.resolve("cases"));
        InventoryCases generator = new InventoryCases(seed);
        Random random = new Random(seed);
        List<InventoryCases.Case> cases = new ArrayList<>();
        List<String> as11 = new ArrayList<>();
        List<String> asProd = new ArrayList<>();
        for (int i = 0; i < CASES_PER_SEED; i++) {
            InventoryCases.Case c = generator.write(root, i);
            cases.add(c);
            for (Path file : varsFiles(c)) {
                (random.nextBoolean() ? as11 : asProd).add(file.toString());
            }
            if (random.nextInt(3) == 0) {
                (random.nextBoolean() ? as11 : asProd).add(c.inventory().toString());
            }
        }
        assertThat(as11).as("the generator wrote vars files for 1.1").isNotEmpty();
        assertThat(asProd).as("the generator wrote vars files for 1.2").isNotEmpty();
        encrypt(dir, as11, "--vault-password-file", pw11.toString());
        encrypt(dir, asProd, "--vault-id", "prod@" + pwProd);
        assertThat(Files.readString(Path.of(as11.get(0)))).startsWith("$ANSIBLE_VAULT;1.1;AES256\n");
        assertThat(Files.readString(Path.of(asProd.get(0)))).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");

        VaultKeys keys = new VaultKeys(List.of(
                VaultKeys.key("default", "test", PASSWORD_11.getBytes(StandardCharsets.UTF_8)),
                VaultKeys.key("prod", "test", PASSWORD_PROD.getBytes(StandardCharsets.UTF_8))));
        List<String> options = List.of("--vault-password-file", pw11.toString(), "--vault-id", "prod@" + pwProd);
        List<String> failures = new ArrayList<>();
        for (InventoryCases.Case c : cases) {
            AnsibleInventory.Listing reference = ansible.list(c.inventory(), c.playDir(), options);
            String problem = InventoryConformanceTest.compare(c, new InventoryLoader().vaultKeys(keys), reference);
            if (problem != null) {
                failures.add(problem);
            }
        }
        assertThat(failures).as("%d of %d vault-encrypted inventories diverge from ansible-inventory, %s:%n%s",
                failures.size(), cases.size(), Seeds.replay(seed),
                String.join("\n", failures.subList(0, Math.min(3, failures.size())))).isEmpty();

        int refused = 0;
        for (InventoryCases.Case c : cases) {
            try {
                new InventoryLoader().varsDir(c.playDir()).load(c.inventory());
                assertThat(as11).as("%s read without a password, %s", c.label(), Seeds.replay(seed))
                        .doesNotContain(c.inventory().toString());
                assertThat(asProd).as("%s read without a password, %s", c.label(), Seeds.replay(seed))
                        .doesNotContain(c.inventory().toString());
            } catch (InputException e) {
                refused++;
                assertThat(e.getMessage()).as("%s without the passwords, %s", c.label(), Seeds.replay(seed))
                        .matches("(?s)/.+:1:1: the file is vault-encrypted \\(vault id '(default|prod)'\\) but no vault "
                                + "password.*");
            }
        }
        assertThat(refused).as("inventories refused without their vault passwords, %s", Seeds.replay(seed)).isPositive();
    }

    /** Every file under the case's group_vars/ and host_vars/ (and its playbook dir's) that Ansible could read. */
    private static List<Path> varsFiles(InventoryCases.Case c) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path base : c.playDir() == null ? List.of(c.inventory().getParent())
                : List.of(c.inventory().getParent(), c.playDir())) {
            for (String kind : List.of("group_vars", "host_vars")) {
                Path d = base.resolve(kind);
                if (Files.isDirectory(d)) {
                    try (Stream<Path> files = Files.walk(d)) {
                        files.filter(Files::isRegularFile).sorted().forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    private static void encrypt(Path dir, List<String> files, String... passwordOptions) {
        if (files.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("encrypt"));
        args.addAll(List.of(passwordOptions));
        args.addAll(files);
        ReferenceTool.Result r = ansibleVault.run(dir, java.util.Map.of("ANSIBLE_NOCOLOR", "1"), "", args);
        assertThat(r.exit()).as("ansible-vault encrypt: %s%s", r.out(), r.err()).isZero();
    }
}
