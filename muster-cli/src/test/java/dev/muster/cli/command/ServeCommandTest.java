package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.FakeFleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** muster serve end to end: first-start token, a run over the API on the fake fleet, a clean stop. */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void serveCreatesAnAdminTokenAndRunsCommandsForIt() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).dir(dir.resolve("fleet")).start()) {
            StringWriter out = new StringWriter();
            String[] args = {"serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString(),
                    "--inventory", fleet.inventory().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--identity", fleet.clientKey().privateKeyFile().toString()};
            int[] exit = {-1};
            Thread serving = Thread.ofPlatform().start(() ->
                    exit[0] = Main.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
            Matcher m = URL.matcher("");
            for (int i = 0; i < 500 && !(m = URL.matcher(out.toString())).find(); i++) {
                Thread.sleep(20);
            }
            assertThat(m.hitEnd()).as(out.toString()).isFalse();
            String base = m.group(1);
            String token = out.toString().lines().filter(l -> l.strip().startsWith("mst_")).findFirst().orElseThrow()
                    .strip();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"selector\":\"all\",\"command\":\"echo served\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = new ObjectMapper().readTree(started.body()).path("id").asText();
            JsonNode run = null;
            for (int i = 0; i < 500; i++) {
                run = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + id))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (run.path("status").asText().equals("finished")) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();

            serving.interrupt();
            serving.join(10_000);
            assertThat(serving.isAlive()).isFalse();
            assertThat(exit[0]).isZero();
        }
    }

    @Test
    void helpNamesTheSamplingRetentionAndOutputFlagsWithTheirDefaults() {
        CliResult help = CliResult.run(java.util.List.of("serve", "--help"));
        assertThat(help.out()).contains("--webhook=URL").contains("--sample-every=DURATION").contains("default 60s")
                .contains("--metrics-retention").contains("default 7d").contains("--keep-runs-days=N")
                .contains("--keep-runs=M").contains("--keep-reports-days=N").contains("--max-output-per-host=SIZE")
                .contains("default 10MiB");
    }

    @Test
    void thePoolFlagsDefaultToTheStoresDocumentedPool() {
        CliResult help = CliResult.run(java.util.List.of("serve", "--help"));
        assertThat(help.out()).contains("--store-pool-size=N").contains("--store-pool-min-idle=N")
                .contains("--store-connection-timeout=DURATION").contains("--store-idle-timeout=DURATION")
                .contains("--store-max-lifetime=DURATION").contains("--store-password-file=FILE")
                .contains("max_connections");
        StorePool pool = new StorePool();
        new picocli.CommandLine(pool).parseArgs();
        assertThat(pool.settings()).isEqualTo(dev.muster.server.store.PoolSettings.DEFAULTS);
    }

    @Test
    void aPoolOutOfRangeIsBadInputNamingItsFlag() {
        CliResult r = CliResult.run(java.util.List.of("serve", "--listen", "127.0.0.1:0", "--data",
                dir.resolve("data").toString(), "--store-connection-timeout", "10ms"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--store-connection-timeout").contains("at least 250ms");
    }

    @Test
    void sizesAreReadInBinaryUnits() {
        assertThat(SizeConverter.parse("10MiB")).isEqualTo(10L * 1024 * 1024);
        assertThat(SizeConverter.parse("512k")).isEqualTo(512L * 1024);
        assertThat(SizeConverter.parse("1000")).isEqualTo(1000L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SizeConverter.parse("lots"))
                .hasMessageContaining("not a size");
    }

    @Test
    void aNegativeRetentionIsBadInput() {
        CliResult r = CliResult.run(java.util.List.of("serve", "--listen", "127.0.0.1:0", "--data",
                dir.resolve("data").toString(), "--keep-runs-days", "0"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("must be positive");
    }

    /**
     * systemd's LoadCredential= puts the vault password in $CREDENTIALS_DIRECTORY: no password on
     * the command line, and the plan the API applies decrypts its !vault value when it runs.
     */
    @Test
    void systemdCredentialsGiveTheServerItsVaultPasswords() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(1).namePrefix("db").dir(dir.resolve("fleet"))
                .commandMode(dev.muster.testkit.CommandMode.SHELL).start()) {
            dev.muster.testkit.FakeHost host = fleet.hosts().getFirst();
            String secret = "cred-pw-271828";
            StringBuilder inventory = new StringBuilder("hosts:\n  db01:\n    address: " + host.address()
                    + "\n    port: " + host.port() + "\n    user: " + host.user() + "\n    vars:\n      db_password: !vault |\n");
            dev.muster.core.secret.Vault.encrypt(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "correct horse".getBytes(java.nio.charset.StandardCharsets.UTF_8), "prod").format().lines()
                    .forEach(l -> inventory.append("        ").append(l).append('\n'));
            Path inv = java.nio.file.Files.writeString(dir.resolve("inventory.yaml"), inventory);
            Path plans = java.nio.file.Files.createDirectories(dir.resolve("plans"));
            java.nio.file.Files.writeString(plans.resolve("db.yaml"),
                    "name: db\ntargets: all\nsteps:\n  - run: echo pw={{ db_password }}\n");
            Path credentials = java.nio.file.Files.createDirectories(dir.resolve("credentials"));
            Path password = java.nio.file.Files.writeString(credentials.resolve("vault-password.prod"), "correct horse\n");
            java.nio.file.Files.setPosixFilePermissions(password,
                    java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("CREDENTIALS_DIRECTORY", credentials.toString());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] args = {"serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString(),
                    "--inventory", inv.toString(), "--plans", plans.toString(), "--known-hosts",
                    fleet.knownHosts().toString(), "--identity", fleet.clientKey().privateKeyFile().toString()};
            Thread serving = Thread.ofPlatform().start(() -> Main.run(args, new PrintWriter(out, true),
                    new PrintWriter(err, true), CommandContext.process().withEnv(env)));
            try {
                Matcher m = URL.matcher("");
                for (int i = 0; i < 500 && !(m = URL.matcher(out.toString())).find(); i++) {
                    Thread.sleep(20);
                }
                assertThat(m.hitEnd()).as(out + "\n" + err).isFalse();
                String base = m.group(1);
                String token = out.toString().lines().filter(l -> l.strip().startsWith("mst_")).findFirst()
                        .orElseThrow().strip();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/plans/apply"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"plan\":\"db.yaml\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
                String id = new ObjectMapper().readTree(started.body()).path("id").asText();
                JsonNode run = null;
                for (int i = 0; i < 1500; i++) {
                    run = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + id))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    if (!run.path("status").asText().equals("queued") && !run.path("status").asText().equals("running")) {
                        break;
                    }
                    Thread.sleep(20);
                }
                assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();
                String output = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + id + "/output?host=db01"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(output).as("decrypted on the host, masked in the answer").contains("pw=****")
                        .doesNotContain(secret);
                assertThat(out.toString() + err).doesNotContain(secret);
            } finally {
                serving.interrupt();
                serving.join(10_000);
            }
        }
    }

    @Test
    void serveRefusesToPromptForAVaultPassword() {
        for (String option : new String[] {"--ask-vault-pass", "--vault-id=prod@prompt"}) {
            CliResult r = CliResult.run(java.util.List.of("serve", "--listen", "127.0.0.1:0", "--data",
                    dir.resolve("data").toString(), option));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("takes its vault passwords from files").contains("never from a prompt");
        }
    }

    @Test
    void theKafkaExportFlagsAreCheckedBeforeAnythingOpens() throws Exception {
        java.nio.file.Path open = private0600(dir.resolve("otlp-open"), "Authorization: Bearer x\n");
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        java.nio.file.Path bad = private0600(dir.resolve("otlp-bad"), "# creds\nno colon here\n");
        String kafka = "kafka://127.0.0.1:9092/t";
        String otlp = "http://127.0.0.1:4318";
        java.util.Map<java.util.List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(java.util.List.of("--export-kafka", "http://127.0.0.1:9092/t"), "expected kafka://HOST:PORT");
        cases.put(java.util.List.of("--export-kafka", kafka, "--export-interval", "gpu=5s"),
                "expected cpu, memory, disk_io or network, got gpu");
        cases.put(java.util.List.of("--export-kafka", kafka, "--export-buffer", "0"), "at least one sample");
        cases.put(java.util.List.of("--export-interval", "cpu=5s"), "need --export-kafka");
        cases.put(java.util.List.of("--export-kafka", kafka, "--export-otlp", otlp),
                "choose one of --export-kafka and --export-otlp");
        cases.put(java.util.List.of("--export-otlp", "grpc://127.0.0.1:4317"), "expected an http:// or https:// URL");
        cases.put(java.util.List.of("--export-otlp", otlp, "--export-otlp-headers-file", open.toString()),
                "readable or writable by group or others");
        cases.put(java.util.List.of("--export-otlp", otlp, "--export-otlp-headers-file", bad.toString()),
                bad + ":2:1: expected 'Name: value'");
        java.nio.file.Path sources = java.nio.file.Files.writeString(dir.resolve("sources.yaml"),
                "log_sources:\n  - name: app\n    hosts: \"@web\"\n    files: [/var/log/app.log]\n    to: kafka://k:9092/t\n"
                        + "    folow: true\n");
        cases.put(java.util.List.of("--log-sources", sources.toString()), sources + ":6:5: unknown key 'folow' in a log "
                + "source; allowed: name, hosts, files, to, trace_regex, from_start, poll");
        java.nio.file.Path noTopic = java.nio.file.Files.writeString(dir.resolve("no-topic.yaml"),
                "log_sources:\n  - {name: app, hosts: all, files: [a.log], to: \"kafka://k:9092\"}\n");
        cases.put(java.util.List.of("--log-sources", noTopic.toString()), noTopic + ":2:49: expected kafka://HOST:PORT");
        String data = dir.resolve("export-data").toString();
        cases.forEach((flags, expected) -> {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--listen", "127.0.0.1:0",
                    "--data", data));
            args.addAll(flags);
            CliResult r = CliResult.run(args);
            assertThat(r.exit()).as(flags.toString()).isEqualTo(2);
            assertThat(r.err()).as(flags.toString()).contains(expected);
        });
        assertThat(dir.resolve("export-data")).as("nothing opened").doesNotExist();
    }

    private static java.nio.file.Path private0600(java.nio.file.Path file, String text) throws java.io.IOException {
        java.nio.file.Files.writeString(file, text);
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
