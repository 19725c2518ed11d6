package dev.muster.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.ReferenceTool;
import dev.muster.testkit.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What muster encrypts, ansible-vault decrypts, and the other way round, over generated values and
 * passwords (unicode, empty, long, several vault ids in one command). A fixed seed always runs, and
 * a random one; every failure names its seed ({@code -Dmuster.seed=N} replays it).
 */
@Timeout(600)
class VaultAnsibleDifferentialTest {
    private static final List<String> LABELS = List.of("default", "prod", "dev-2");

    @TempDir
    Path dir;
    final Map<String, Path> passwordFiles = new LinkedHashMap<>();
    final Map<String, String> passwords = new LinkedHashMap<>();

    ReferenceTool ansibleVault;
    ReferenceTool ansible;

    @BeforeEach
    void installed() {
        ansibleVault = ReferenceTool.require("ansible-vault", "ansible");
        ansible = ReferenceTool.require("ansible", "ansible");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void whatOneEncryptsTheOtherDecryptsBothWays(long seed) throws Exception {
        Random random = new Random(seed);
        String why = Seeds.replay(seed);
        for (String label : LABELS) {
            String password = password(random);
            passwords.put(label, password);
            Path file = dir.resolve("pw-" + label);
            Files.writeString(file, password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            passwordFiles.put(label, file);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(value(random, i));
        }
        musterFilesAnsibleDecrypts(values, random, why);
        ansibleFilesMusterDecrypts(values, random, why);
        musterStringsAnsibleReads(values, random, why);
        ansibleStringsMusterReads(values, random, why);
    }

    private List<String> vaultIdArgs(String option) {
        List<String> args = new ArrayList<>();
        passwordFiles.forEach((label, file) -> {
            args.add(option);
            args.add(label + "@" + file);
        });
        return args;
    }

    private void musterFilesAnsibleDecrypts(List<String> values, Random random, String why) throws Exception {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Path file = dir.resolve("m" + i + ".txt");
            Files.writeString(file, values.get(i));
            List<String> args = new ArrayList<>(List.of("vault", "encrypt"));
            args.addAll(vaultIdArgs("--vault-id"));
            args.addAll(List.of("--encrypt-vault-id", LABELS.get(random.nextInt(LABELS.size())), file.toString()));
            CliResult r = CliResult.run(args);
            assertThat(r.exit()).as(why + ": " + r.err()).isZero();
            files.add(file.toString());
        }
        List<String> cmd = new ArrayList<>(List.of("decrypt"));
        cmd.addAll(vaultIdArgs("--vault-id"));
        cmd.addAll(files);
        ReferenceTool.Result r = ansibleVault.run(dir, Map.of(), "", cmd);
        assertThat(r.exit()).as(why + ": " + r.err()).isZero();
        for (int i = 0; i < values.size(); i++) {
            assertThat(Files.readString(Path.of(files.get(i)))).as(why + ": value " + i).isEqualTo(values.get(i));
        }
    }

    private void ansibleFilesMusterDecrypts(List<String> values, Random random, String why) throws Exception {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            Path file = dir.resolve("a" + i + ".txt");
            Files.writeString(file, values.get(i));
            byLabel.computeIfAbsent(LABELS.get(random.nextInt(LABELS.size())), k -> new ArrayList<>()).add(file.toString());
        }
        for (Map.Entry<String, List<String>> e : byLabel.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of("encrypt"));
            cmd.addAll(vaultIdArgs("--vault-id"));
            cmd.addAll(List.of("--encrypt-vault-id", e.getKey()));
            cmd.addAll(e.getValue());
            ReferenceTool.Result r = ansibleVault.run(dir, Map.of(), "", cmd);
            assertThat(r.exit()).as(why + ": " + r.err()).isZero();
        }
        for (int i = 0; i < values.size(); i++) {
            Path file = dir.resolve("a" + i + ".txt");
            List<String> args = new ArrayList<>(List.of("vault", "view"));
            args.addAll(vaultIdArgs("--vault-id"));
            args.add(file.toString());
            CliResult r = CliResult.run(args);
            assertThat(r.exit()).as(why + ": " + r.err()).isZero();
            assertThat(r.out()).as(why + ": value " + i).isEqualTo(values.get(i));
        }
    }

    /** muster's encrypt-string YAML pasted into an inventory, read by ansible itself. */
    private void musterStringsAnsibleReads(List<String> values, Random random, String why) throws Exception {
        StringBuilder inventory = new StringBuilder("all:\n  hosts:\n    localhost:\n");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                continue; // encrypt-string refuses an empty value, as ansible-vault does
            }
            String name = "v" + i;
            List<String> args = new ArrayList<>(List.of("vault", "encrypt-string", "--name", name));
            args.addAll(vaultIdArgs("--vault-id"));
            // "--" ends the options, as a value may start with "-" (a user writes it the same way)
            args.addAll(List.of("--encrypt-vault-id", LABELS.get(random.nextInt(LABELS.size())), "--", values.get(i)));
            CliResult r = CliResult.run(args);
            assertThat(r.exit()).as(why + ": " + r.err()).isZero();
            r.out().lines().forEach(line -> inventory.append("      ").append(line).append('\n'));
            names.add(name);
        }
        Files.writeString(dir.resolve("inv.yml"), inventory);
        List<String> cmd = new ArrayList<>(List.of("localhost", "-i", "inv.yml", "-c", "local", "-m", "debug",
                "-a", "msg={{ [" + String.join(", ", names) + "] }}"));
        cmd.addAll(vaultIdArgs("--vault-id"));
        ReferenceTool.Result r = ansible.run(dir, Map.of("ANSIBLE_STDOUT_CALLBACK", "json",
                "ANSIBLE_LOAD_CALLBACK_PLUGINS", "1", "ANSIBLE_NOCOLOR", "1"), "", cmd);
        assertThat(r.exit()).as(why + ": " + r.out() + r.err()).isZero();
        JsonNode msg = new ObjectMapper().readTree(r.out()).at("/plays/0/tasks/0/hosts/localhost/msg");
        List<String> read = new ArrayList<>();
        msg.forEach(n -> read.add(n.asText()));
        List<String> expected = names.stream().map(n -> values.get(Integer.parseInt(n.substring(1)))).toList();
        assertThat(read).as(why).isEqualTo(expected);
    }

    /** ansible-vault encrypt_string's YAML, its !vault blocks read back by muster. */
    private void ansibleStringsMusterReads(List<String> values, Random random, String why) throws Exception {
        String label = LABELS.get(random.nextInt(LABELS.size()));
        List<String> cmd = new ArrayList<>(List.of("encrypt_string"));
        cmd.addAll(vaultIdArgs("--vault-id"));
        cmd.addAll(List.of("--encrypt-vault-id", label));
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isEmpty() && !values.get(i).startsWith("-")) {
                cmd.addAll(List.of("--name", "v" + i));
                used.add(i);
            }
        }
        used.forEach(i -> cmd.add(values.get(i)));
        ReferenceTool.Result r = ansibleVault.run(dir, Map.of(), "", cmd);
        assertThat(r.exit()).as(why + ": " + r.err()).isZero();
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : r.out().lines().toList()) {
            if (line.matches("v\\d+: !vault \\|")) {
                block = new StringBuilder();
                blocks.add("");
            } else if (block != null && line.startsWith("          ")) {
                block.append(line.strip()).append('\n');
                blocks.set(blocks.size() - 1, block.toString());
            }
        }
        assertThat(blocks).as(why).hasSize(used.size());
        for (int k = 0; k < used.size(); k++) {
            Path file = dir.resolve("s" + k + ".vault");
            Files.writeString(file, blocks.get(k));
            assertThat(blocks.get(k)).startsWith(label.equals("default") ? "$ANSIBLE_VAULT;1.1;AES256\n"
                    : "$ANSIBLE_VAULT;1.2;AES256;" + label + "\n");
            List<String> args = new ArrayList<>(List.of("vault", "view"));
            args.addAll(vaultIdArgs("--vault-id"));
            args.add(file.toString());
            CliResult view = CliResult.run(args);
            assertThat(view.exit()).as(why + ": " + view.err()).isZero();
            assertThat(view.out()).as(why + ": value " + used.get(k)).isEqualTo(values.get(used.get(k)));
        }
    }

    /** Passwords as a password file gives them: no blanks at either end (Ansible strips them). */
    static String password(Random random) {
        String p = switch (random.nextInt(4)) {
            case 0 -> text(random, 1 + random.nextInt(12), false);
            case 1 -> text(random, 100 + random.nextInt(400), false);
            case 2 -> "pässwörd ✓ " + text(random, 5, false) + " 秘密";
            default -> text(random, 1 + random.nextInt(40), true);
        };
        p = p.strip();
        return p.isEmpty() ? "x" : p;
    }

    static String value(Random random, int i) {
        return switch (i) {
            case 0 -> "";
            case 1 -> text(random, 5000 + random.nextInt(20000), true);
            case 2 -> "line one\nline two\n  indented: yes # not a comment\n";
            case 3 -> "{{ not_a_template }} '\"quotes\" and \\backslash";
            default -> text(random, 1 + random.nextInt(200), random.nextBoolean());
        };
    }

    /** Text from ASCII, Latin-1, Greek, CJK and emoji (surrogate pairs); blanks and line breaks if asked. */
    static String text(Random random, int length, boolean blanks) {
        int[][] ranges = {{0x21, 0x7e}, {0xa1, 0xff}, {0x391, 0x3c9}, {0x4e00, 0x4fff}, {0x1f600, 0x1f64f}};
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            if (blanks && random.nextInt(8) == 0) {
                out.append(random.nextInt(4) == 0 ? '\n' : ' ');
                continue;
            }
            int[] range = ranges[random.nextInt(ranges.length)];
            out.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return out.toString();
    }
}
