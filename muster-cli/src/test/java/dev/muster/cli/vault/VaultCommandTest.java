package dev.muster.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.TmuxPane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class VaultCommandTest {
    @TempDir
    Path dir;
    Path pw;
    Path other;

    @BeforeEach
    void passwords() throws Exception {
        pw = secret("pw", "correct horse\n");
        other = secret("other", "battery staple");
    }

    private Path secret(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static CliResult muster(String... args) {
        return CliResult.run(List.of(args));
    }

    @Test
    void encryptStringPrintsNamedVaultYamlAsAnsibleVaultDoes() {
        CliResult r = muster("vault", "encrypt-string", "--vault-password-file", pw.toString(), "--name", "db_password",
                "s3cr3t");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines.get(0)).isEqualTo("db_password: !vault |");
        assertThat(lines.get(1)).isEqualTo("          $ANSIBLE_VAULT;1.1;AES256");
        assertThat(lines.subList(2, lines.size())).allMatch(l -> l.matches(" {10}[0-9a-f]{1,80}"));
        assertThat(lines.subList(2, lines.size() - 1)).allMatch(l -> l.length() == 90);
        CliResult labelled = muster("vault", "encrypt-string", "--vault-id", "prod@" + pw, "-n", "x", "v");
        assertThat(labelled.outLines().get(1)).isEqualTo("          $ANSIBLE_VAULT;1.2;AES256;prod");
    }

    @Test
    void filesEncryptDecryptViewAndRekeyInPlaceKeepingTheirMode() throws Exception {
        Path vars = dir.resolve("vars.yml");
        String clear = "db_password: s3cr3t\napi_key: \"k€y\"\n";
        Files.writeString(vars, clear);
        Files.setPosixFilePermissions(vars, PosixFilePermissions.fromString("rw-r-----"));

        CliResult enc = muster("vault", "encrypt", "--vault-id", "prod@" + pw, vars.toString());
        assertThat(enc.exit()).as(enc.err()).isZero();
        assertThat(Files.readString(vars)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n").doesNotContain("s3cr3t");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vars))).isEqualTo("rw-r-----");
        assertThat(muster("vault", "encrypt", "--vault-id", "prod@" + pw, vars.toString()).err())
                .contains("already vault-encrypted");

        CliResult view = muster("vault", "view", "--vault-id", "prod@" + pw, vars.toString());
        assertThat(view.out()).isEqualTo(clear);

        CliResult rekey = muster("vault", "rekey", "--vault-id", "prod@" + pw, "--new-vault-id", "dev@" + other,
                vars.toString());
        assertThat(rekey.exit()).as(rekey.err()).isZero();
        assertThat(Files.readString(vars)).startsWith("$ANSIBLE_VAULT;1.2;AES256;dev\n");
        assertThat(muster("vault", "view", "--vault-id", "prod@" + pw, vars.toString()).exit()).isEqualTo(2);
        assertThat(muster("vault", "view", "--vault-id", "dev@" + other, vars.toString()).out()).isEqualTo(clear);

        Path out = dir.resolve("clear.yml");
        CliResult toFile = muster("vault", "decrypt", "--vault-id", "dev@" + other, "--output", out.toString(),
                vars.toString());
        assertThat(toFile.exit()).as(toFile.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(clear);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        CliResult decrypted = muster("vault", "decrypt", "--vault-id", "dev@" + other, vars.toString());
        assertThat(decrypted.exit()).as(decrypted.err()).isZero();
        assertThat(Files.readString(vars)).isEqualTo(clear);
    }

    @Test
    void everyVaultFailureIsBadInputNamingTheFileAndVaultId() throws Exception {
        Path vars = dir.resolve("vars.yml");
        Files.writeString(vars, "a: 1\n");
        assertThat(muster("vault", "encrypt", "--vault-id", "prod@" + pw, vars.toString()).exit()).isZero();
        CliResult none = muster("vault", "view", vars.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains(vars + ":1:1: the file is vault-encrypted (vault id 'prod') but no vault "
                + "password was given");
        CliResult wrong = muster("vault", "view", "--vault-id", "prod@" + other, vars.toString());
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains(vars + ":1:1: cannot decrypt the file (vault id 'prod'): wrong password");
        CliResult unknown = muster("vault", "view", "--vault-id", "dev@" + other, vars.toString());
        assertThat(unknown.err()).contains("no vault password is given for vault id 'prod' (given: dev)");
        String text = Files.readString(vars);
        int last = text.length() - 3;
        Files.writeString(vars, text.substring(0, last) + (text.charAt(last) == '0' ? '1' : '0') + text.substring(last + 1));
        CliResult altered = muster("vault", "view", "--vault-id", "prod@" + pw, vars.toString());
        assertThat(altered.exit()).isEqualTo(2);
        assertThat(altered.err()).contains(vars + ":1:1:").contains("vault id 'prod'");
        assertThat(altered.out()).isEmpty();
        CliResult severalIds = muster("vault", "encrypt-string", "--vault-id", "a@" + pw, "--vault-id", "b@" + other, "x");
        assertThat(severalIds.exit()).isEqualTo(2);
        assertThat(severalIds.err()).contains("--encrypt-vault-id");
        CliResult empty = muster("vault", "encrypt-string", "--vault-password-file", pw.toString(), "");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("the value is empty");
    }

    @Test
    void encryptStringReadsTheValueFromStandardInputWhenNoneIsGiven() throws Exception {
        Process p = java(List.of("vault", "encrypt-string", "--vault-id", "prod@" + pw, "--name", "db_password"), null);
        p.getOutputStream().write("s3cr€t\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("db_password: !vault |\n          $ANSIBLE_VAULT;1.2;AES256;prod\n");
        Path file = dir.resolve("value.vault");
        Files.writeString(file, out.lines().skip(1).map(String::strip).reduce("", (a, b) -> a + b + "\n"));
        assertThat(muster("vault", "view", "--vault-id", "prod@" + pw, file.toString()).out()).isEqualTo("s3cr€t");
    }

    @Test
    void editReencryptsAChangedFileWithTheSameVaultIdAndLeavesNoClearCopy() throws Exception {
        Path vars = dir.resolve("vars.yml");
        Files.writeString(vars, "db_password: old\n");
        assertThat(muster("vault", "encrypt", "--vault-id", "prod@" + pw, vars.toString()).exit()).isZero();
        Path editor = dir.resolve("editor.sh");
        Path seen = dir.resolve("seen");
        Files.writeString(editor, "#!/bin/sh\nstat -c %a \"$1\" > " + seen + "\nsed -i s/old/new/ \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        Process p = java(List.of("vault", "edit", "--vault-id", "prod@" + pw, vars.toString()),
                java.util.Map.of("EDITOR", editor.toString(), "XDG_RUNTIME_DIR", runtime.toString()));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.readString(seen).strip()).isEqualTo("600");
        assertThat(Files.readString(vars)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");
        assertThat(muster("vault", "view", "--vault-id", "prod@" + pw, vars.toString()).out())
                .isEqualTo("db_password: new\n");
        try (var left = Files.list(runtime)) {
            assertThat(left).isEmpty();
        }
    }

    /** --ask-vault-pass in a real terminal: the prompt shows, the typed password does not. */
    @Test
    void askVaultPassPromptsOnTheTerminalWithoutEcho() throws Exception {
        boolean required = "1".equals(System.getenv("MUSTER_REQUIRE_SSHD"));
        org.junit.jupiter.api.Assumptions.assumeTrue(required || TmuxPane.available(), "tmux is not installed");
        Path vars = dir.resolve("vars.yml");
        Files.writeString(vars, "shown: yes\n");
        assertThat(muster("vault", "encrypt", "--vault-password-file", pw.toString(), vars.toString()).exit()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = dir.resolve("view.sh");
        Files.writeString(script, "'" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.muster.cli.Main vault view --ask-vault-pass '" + vars + "'; echo \"exit=$?\"\n");
        try (TmuxPane pane = TmuxPane.start(dir, 100, 20)) {
            pane.type("sh " + script);
            pane.await("the prompt", s -> s.stream().anyMatch(l -> l.contains("Vault password:")));
            pane.type("correct horse");
            List<String> screen = pane.await("the plaintext", s -> s.stream().anyMatch(l -> l.startsWith("exit=")));
            String text = String.join("\n", screen);
            assertThat(text).contains("shown: yes").contains("exit=0").doesNotContain("correct horse");
        }
    }

    private Process java(List<String> args, java.util.Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.muster.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        if (env != null) {
            pb.environment().putAll(env);
        }
        return pb.start();
    }
}
