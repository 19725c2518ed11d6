package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.command.CommandContext;
import dev.muster.core.secret.Vault;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI side of the secret sweep: one secret of every kind (clear, !vault, env, file, command)
 * used by templates and plan commands that really run on a host; then every byte muster printed
 * (terminal output, JSON lines, diffs, errors, `runs` and `show`) and every file of the run store
 * is searched for each value and for the vault ciphertext. The host's file gets the values.
 */
@Timeout(300)
class SecretSweepCliTest {
    static final String CLEAR = "clear-secret-7071";
    static final String VAULT = "vault-secret-7072";
    static final String ENV = "env-secret-7073";
    static final String FILE = "file-secret-7074";
    static final String COMMAND = "cmd-secret-7075";
    static final List<String> SECRETS = List.of(CLEAR, VAULT, ENV, FILE, COMMAND);
    private static FakeFleet fleet;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFleet(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).namePrefix("app").baseAddress("127.0.125.1")
                .commandMode(CommandMode.SHELL).start();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void noSecretOfAnyKindReachesOutputJsonDiffsRunRecordsOrTheStore() throws Exception {
        FakeHost host = fleet.host("app01");
        Path pw = dir.resolve("vault.pw");
        Files.writeString(pw, "correct horse\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Path secretFile = dir.resolve("file.secret");
        Files.writeString(secretFile, FILE + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        StringBuilder inv = new StringBuilder("hosts:\n  app01:\n    address: " + host.address() + "\n    port: "
                + host.port() + "\n    vars:\n      clear_pw: {secret: \"" + CLEAR + "\"}\n"
                + "      env_pw: {secret: {env: SWEEP_TOKEN}}\n      file_pw: {secret: {file: file.secret}}\n"
                + "      cmd_pw: {secret: {command: \"printf " + COMMAND + "\"}}\n      vault_pw: !vault |\n");
        Vault.encrypt(VAULT.getBytes(StandardCharsets.UTF_8), "correct horse".getBytes(StandardCharsets.UTF_8), null)
                .format().lines().forEach(l -> inv.append("        ").append(l).append('\n'));
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv);
        String ciphertext = inv.toString().lines().filter(l -> l.strip().matches("[0-9a-f]{80}")).findFirst()
                .orElseThrow().strip();

        Path template = dir.resolve("app.conf.peb");
        Files.writeString(template, "name={{ host.name }}\nclear={{ clear_pw }}\nvault={{ vault_pw }}\n"
                + "env={{ env_pw }}\nfile={{ file_pw }}\ncmd={{ cmd_pw }}\n");
        Path changed = dir.resolve("changed.peb");
        Files.writeString(changed, "# v2\nvault={{ vault_pw }} env={{ env_pw }}\ncmd={{ cmd_pw }}\n"
                + "file={{ file_pw }} clear={{ clear_pw }}\n");
        Path dest = Files.createDirectories(dir.resolve("etc")).resolve("app.conf");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: sweep\ntargets: all\nsteps:\n"
                + "  - run: echo {{ clear_pw }} {{ vault_pw }} {{ env_pw }} {{ file_pw }} {{ cmd_pw }}; "
                + "echo err {{ vault_pw }} >&2; exit 1\n    changed_when: false\n");
        Path deploy = dir.resolve("deploy.yaml");
        Files.writeString(deploy, "name: deploy\ntargets: all\nsteps:\n"
                + "  - template: {src: app.conf.peb, dest: " + dest + "}\n"
                + "  - run: cat " + dest + "\n");

        List<String> common = List.of("-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--identity", fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("store").toString(),
                "--vault-password-file", pw.toString(), "--retries", "0");
        List<List<String>> commands = List.of(
                List.of("render", template.toString(), "--host", "app01"),
                List.of("template", template.toString(), dest.toString(), "all", "--diff", "--json"),
                List.of("template", changed.toString(), dest.toString(), "all", "--diff"),
                List.of("template", template.toString(), dest.toString(), "all", "--diff", "--lines"),
                List.of("apply", plan.toString()),
                List.of("apply", deploy.toString(), "--check", "--diff"),
                List.of("apply", deploy.toString()),
                List.of("retry"),
                List.of("runs"));
        List<String> printed = new ArrayList<>();
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.addAll(command.getFirst().equals("runs") ? List.of("--store", dir.resolve("store").toString()) : common);
            CliResult r = CliResult.run(args,
                    CommandContext.process().withEnv(Map.of("SWEEP_TOKEN", ENV, "PATH", System.getenv("PATH"))));
            printed.add(command + " exit " + r.exit() + "\n" + r.out() + r.err());
        }
        for (String id : Files.list(dir.resolve("store/runs")).map(p -> p.getFileName().toString()).toList()) {
            CliResult show = CliResult.run(List.of("show", id, "--store", dir.resolve("store").toString()));
            printed.add("show " + id + "\n" + show.out() + show.err());
        }

        assertThat(Files.readString(dest)).contains("vault=" + VAULT, "env=" + ENV, "file=" + FILE, "cmd=" + COMMAND,
                "clear=" + CLEAR);
        assertThat(String.join("\n", printed)).as("the commands ran and printed masks")
                .contains("****").contains("<secret redacted>");
        for (String out : printed) {
            for (String secret : SECRETS) {
                assertThat(out).as(out).doesNotContain(secret);
            }
            assertThat(out).doesNotContain(ciphertext).doesNotContain("$ANSIBLE_VAULT");
        }
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (String secret : SECRETS) {
                    assertThat(text).as(f.toString()).doesNotContain(secret);
                }
                assertThat(text).as(f.toString()).doesNotContain(ciphertext);
            }
        }
    }
}
