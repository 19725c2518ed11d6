package dev.muster.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24's report, as a user meets it: an Ansible YAML inventory with a {@code !vault} value,
 * rendered and pushed with muster. Never the ciphertext, never the value in any output, and every
 * failure stops before a host is contacted.
 */
@Timeout(120)
class VaultInventoryCliTest {
    static final String PASSWORD = "correct horse";
    static final String SECRET = "pg-Pa55w0rd-xyz";
    private static FakeFleet fleet;

    @TempDir
    Path dir;
    Path inventory;
    Path pw;
    Path wrongPw;

    @BeforeAll
    static void startFleet(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).namePrefix("db").baseAddress("127.0.124.1")
                .commandMode(CommandMode.SHELL).start();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @BeforeEach
    void files() throws Exception {
        FakeHost db = fleet.host("db01");
        db.resetCounters();
        String vault = Vault.encrypt(SECRET.getBytes(StandardCharsets.UTF_8), PASSWORD.getBytes(StandardCharsets.UTF_8),
                "prod").format();
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n    db01:\n      ansible_host: " + db.address()
                + "\n      ansible_port: " + db.port() + "\n      db_password: !vault |\n");
        vault.lines().forEach(l -> yaml.append("          ").append(l).append('\n'));
        inventory = dir.resolve("inv.yml");
        Files.writeString(inventory, yaml);
        pw = secret("pw", PASSWORD + "\n");
        wrongPw = secret("wrong", "battery staple\n");
    }

    private Path secret(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path template() throws Exception {
        Path t = dir.resolve("t.peb");
        Files.writeString(t, "user=app\npw={{ db_password }}\n");
        return t;
    }

    private CliResult muster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int split = all.indexOf("--");
        all.addAll(split < 0 ? all.size() : split, List.of("-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(), "--identity",
                fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("store").toString()));
        return CliResult.run(all);
    }

    @Test
    void renderNeverPrintsTheCiphertextAndMasksTheDecryptedValue() throws Exception {
        CliResult r = muster("render", template().toString(), "--host", "db01", "--vault-id", "prod@" + pw);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("user=app\n<secret redacted>\n");
        assertThat(r.out() + r.err()).doesNotContain(SECRET).doesNotContain("ANSIBLE_VAULT");
    }

    @Test
    void withoutAPasswordRenderStopsNamingTheFileLineAndVaultId() throws Exception {
        CliResult r = muster("render", template().toString(), "--host", "db01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(inventory + ":6:20: db_password is vault-encrypted (vault id 'prod') but no vault "
                + "password was given");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("ANSIBLE_VAULT");
    }

    @Test
    void templatePlacesTheDecryptedValueOnTheHostAndNowhereElse() throws Exception {
        Path dest = dir.resolve("etc/app.conf");
        Files.createDirectories(dest.getParent());
        CliResult r = muster("template", template().toString(), dest.toString(), "all", "--vault-password-file",
                pw.toString(), "--diff");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dest)).isEqualTo("user=app\npw=" + SECRET + "\n");
        assertThat(r.out() + r.err()).doesNotContain(SECRET).doesNotContain("ANSIBLE_VAULT");
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET).doesNotContain("ANSIBLE_VAULT");
            }
        }
    }

    @Test
    void aWrongPasswordOrAnAlteredPayloadStopsBeforeAnyHostIsContacted() throws Exception {
        Path dest = dir.resolve("etc/app.conf");
        CliResult wrong = muster("template", template().toString(), dest.toString(), "all", "--vault-id",
                "prod@" + wrongPw);
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains(inventory + ":6:20: cannot decrypt db_password (vault id 'prod'): wrong password");
        assertThat(fleet.host("db01").counters().connectionsAccepted()).isZero();
        assertThat(Files.exists(dest)).isFalse();

        String text = Files.readString(inventory);
        int at = text.lastIndexOf('\n', text.length() - 2) + 12;
        Files.writeString(inventory, text.substring(0, at) + (text.charAt(at) == '3' ? '4' : '3') + text.substring(at + 1));
        CliResult altered = muster("template", template().toString(), dest.toString(), "all", "--vault-id", "prod@" + pw);
        assertThat(altered.exit()).isEqualTo(2);
        assertThat(altered.err()).contains(inventory + ":6:20:").contains("vault id 'prod'");
        assertThat(fleet.host("db01").counters().connectionsAccepted()).isZero();
    }

    @Test
    void noPasswordOrOnlyAnotherVaultIdsStopsTemplateBeforeAnyHostIsContacted() throws Exception {
        Path dest = dir.resolve("etc/app.conf");
        CliResult none = muster("template", template().toString(), dest.toString(), "all");
        assertThat(none.exit()).as(none.out() + none.err()).isEqualTo(2);
        assertThat(none.err()).contains(inventory + ":6:20: db_password is vault-encrypted (vault id 'prod') but no "
                + "vault password was given");
        CliResult unknown = muster("template", template().toString(), dest.toString(), "all", "--vault-id",
                "dev@" + wrongPw);
        assertThat(unknown.exit()).as(unknown.out() + unknown.err()).isEqualTo(2);
        assertThat(unknown.err()).contains(inventory + ":6:20: cannot decrypt db_password (vault id 'prod'): no vault "
                + "password is given for vault id 'prod' (given: dev)");
        assertThat(none.out() + none.err() + unknown.out() + unknown.err()).doesNotContain(SECRET)
                .doesNotContain("ANSIBLE_VAULT");
        assertThat(fleet.host("db01").counters().connectionsAccepted()).isZero();
        assertThat(Files.exists(dest)).isFalse();
    }

    @Test
    void applyAndPlanCheckStopBeforeAnyHostWhenAPlanCommandNamesAVaultValueNoPasswordOpens() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: db\ntargets: all\nsteps:\n  - run: echo start\n"
                + "  - run: psql -c \"alter role app password '{{ db_password }}'\"\n");
        for (String command : List.of("apply", "plan")) {
            List<String> args = command.equals("plan") ? List.of("plan", "check", plan.toString())
                    : List.of("apply", plan.toString());
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--vault-id", "prod@" + wrongPw));
            CliResult r = muster(all.toArray(String[]::new));
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(inventory + ":6:20: cannot decrypt db_password (vault id 'prod')");
        }
        assertThat(fleet.host("db01").counters().connectionsAccepted()).isZero();
    }

    @Test
    void commandsThatReadNoVariablesNeedNoPassword() {
        CliResult hosts = muster("hosts", "all");
        assertThat(hosts.exit()).as(hosts.err()).isZero();
        CliResult run = muster("run", "all", "--", "true");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    /**
     * A whole {@code group_vars/} file encrypted with ansible-vault (format 1.2, vault id 'prod'),
     * next to a clear INI inventory: without its password every command stops naming that file and
     * the vault id before any host is contacted; with it, the values are used and masked.
     */
    @Test
    void anEncryptedGroupVarsFileNeedsItsPasswordBeforeAnyHostIsContacted() throws Exception {
        FakeHost db = fleet.host("db01");
        Path ini = dir.resolve("ansible/hosts.ini");
        Files.createDirectories(ini.resolveSibling("group_vars"));
        Files.writeString(ini, "[db]\ndb01 ansible_host=" + db.address() + " ansible_port=" + db.port() + "\n");
        Path groupVars = ini.resolveSibling("group_vars").resolve("db.yml");
        Files.writeString(groupVars, Vault.encrypt(("db_password: " + SECRET + "\n").getBytes(StandardCharsets.UTF_8),
                PASSWORD.getBytes(StandardCharsets.UTF_8), "prod").format());
        inventory = ini;
        Path dest = dir.resolve("etc/app.conf");
        Files.createDirectories(dest.getParent());
        String expected = groupVars + ":1:1: the file is vault-encrypted (vault id 'prod') but no vault password";
        for (List<String> command : List.of(List.of("render", template().toString(), "--host", "db01"),
                List.of("template", template().toString(), dest.toString(), "all"), List.of("run", "all", "--", "true"))) {
            CliResult r = muster(command.toArray(String[]::new));
            assertThat(r.exit()).as(command + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).as(command.toString()).contains(expected);
            assertThat(r.out() + r.err()).doesNotContain(SECRET).doesNotContain("ANSIBLE_VAULT");
        }
        assertThat(db.counters().connectionsAccepted()).isZero();
        assertThat(Files.exists(dest)).isFalse();

        CliResult render = muster("render", template().toString(), "--host", "db01", "--vault-id", "prod@" + pw);
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.out()).isEqualTo("user=app\n<secret redacted>\n");
        CliResult pushed = muster("template", template().toString(), dest.toString(), "all", "--vault-id", "prod@" + pw);
        assertThat(pushed.exit()).as(pushed.err()).isZero();
        assertThat(Files.readString(dest)).isEqualTo("user=app\npw=" + SECRET + "\n");
        assertThat(render.out() + render.err() + pushed.out() + pushed.err()).doesNotContain(SECRET)
                .doesNotContain("ANSIBLE_VAULT");
    }
}
