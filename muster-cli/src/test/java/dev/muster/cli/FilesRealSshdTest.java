package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.persist.PersistDaemon;
import dev.muster.cli.persist.PersistTest;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster push` and `muster template` against real OpenSSH hosts on loopback, each with its own private /srv (a mount
 * namespace per sshd), so every host's files are checked separately.
 */
class FilesRealSshdTest {
    private static final int HOSTS = 6;
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;
    Path site;
    String dest;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.22.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void site() throws IOException {
        dest = SiteTree.freshDest();
        site = SiteTree.write(tmp);
        Files.writeString(site.resolve("css/print.css"), "body { color: black }\n");
        Files.writeString(site.resolve("robots.txt"), "User-agent: *\n");
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    private Path on(String host, String relative) {
        return fleet.hostPath(host, dest + "/" + relative);
    }

    @Test
    void withMusterPersistPushesReuseTheDaemonsSessionsAndPlaceEveryFile() throws Exception {
        Path socket = Files.createDirectories(tmp.resolve("persist")).resolve("d.sock");
        PersistDaemon daemon = PersistDaemon.start(socket, java.time.Duration.ofMinutes(2), Main::run);
        try {
            FleetCli cli = new FleetCli(fleet, tmp.resolve("store"));
            CliResult first = PersistTest.viaDaemon(socket, cli.args("push", site + "/", dest + "/", "all"));
            assertThat(first.exit()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("host[01-06] (6): changed · 8 created");
            Files.writeString(site.resolve("css/app.css"), "body { margin: 1em }\n");
            Files.writeString(site.resolve("robots.txt"), "User-agent: *\nDisallow: /private\n");
            CliResult changed = PersistTest.viaDaemon(socket, cli.args("push", site + "/", dest + "/", "all"));
            assertThat(changed.exit()).as(changed.out() + changed.err()).isZero();
            assertThat(changed.out()).contains("host[01-06] (6): changed · 2 updated");
            CliResult noop = PersistTest.viaDaemon(socket, cli.args("push", site + "/", dest + "/", "all"));
            assertThat(noop.exit()).isZero();
            assertThat(noop.out()).contains("host[01-06] (6): ok");
            for (OpenSshHost h : fleet.hosts()) {
                assertThat(on(h.name(), "css/app.css")).hasContent("body { margin: 1em }");
                assertThat(on(h.name(), "robots.txt")).hasContent("User-agent: *\nDisallow: /private");
                assertThat(on(h.name(), "index.html")).hasContent("<h1>muster</h1>");
                try (Stream<Path> files = Files.list(fleet.hostPath(h.name(), dest + "/css"))) {
                    assertThat(files.map(p -> p.getFileName().toString())).as("no temporaries left on " + h.name())
                            .containsExactlyInAnyOrder("app.css", "print.css");
                }
            }
            assertThat(daemon.status()).as("three pushes, one session per host").contains("6 created");
        } finally {
            daemon.close();
        }
    }

    @Test
    void firstPushThenNoOpThenOnlyTheChangedFiles() throws IOException {
        CliResult first = muster("push", site + "/", dest + "/", "all");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("host[01-06] (6): changed · 8 created, 293.0 KiB sent\n").contains("+ blob.bin (293.0 KiB)")
                .contains("+ start.html (-> index.html)").contains("6 changed");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(on(h.name(), "css/app.css")).hasContent("body { margin: 0 }");
            assertThat(on(h.name(), "blob.bin")).hasSameBinaryContentAs(site.resolve("blob.bin"));
            assertThat(Files.readSymbolicLink(on(h.name(), "start.html"))).isEqualTo(Path.of("index.html"));
        }

        CliResult noop = muster("push", site + "/", dest, "all");
        assertThat(noop.exit()).isZero();
        assertThat(noop.out()).contains("host[01-06] (6): ok · up to date\n").contains("6 ok · 0 changed");

        Files.writeString(site.resolve("index.html"), "<h1>muster 2</h1>\n");
        Files.writeString(site.resolve("css/app.css"), "body { margin: 1px }\n");
        Files.writeString(site.resolve("new.txt"), "new\n");
        CliResult three = muster("push", site.toString(), dest, "all");
        assertThat(three.exit()).isZero();
        assertThat(three.out()).contains("host[01-06] (6): changed · 1 created, 2 updated, 43 B sent\n"
                + "    ~ css/app.css (content, 21 B)\n    ~ index.html (content, 18 B)\n    + new.txt (4 B)\n");
        assertThat(on("host04", "index.html")).hasContent("<h1>muster 2</h1>");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void dryRunShowsPerHostChangesFoldedAndWritesNothing() throws IOException {
        muster("push", site.toString(), dest, "host0[1-4]");
        Files.writeString(on("host02", "robots.txt"), "User-agent: evil\n");
        Files.writeString(site.resolve("extra.txt"), "x\n");
        CliResult dry = muster("push", site.toString(), dest, "all", "--dry-run");
        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out())
                .contains("host[01,03-04] (3): changed · would change: 1 created, 2 B to send\n    + extra.txt (2 B)\n")
                .contains("host[05-06] (2): changed · would change: 9 created, 293.0 KiB to send\n    + ./\n")
                .contains("host02 (1): changed · would change: 1 created, 1 updated, 16 B to send\n"
                        + "    + extra.txt (2 B)\n    ~ robots.txt (content, 14 B)\n");
        assertThat(on("host01", "extra.txt")).doesNotExist();
        assertThat(fleet.hostPath("host05", dest)).doesNotExist();
        assertThat(on("host02", "robots.txt")).hasContent("User-agent: evil");
    }

    @Test
    void deleteIsGuardedByMaxDeletePerHost() throws IOException {
        muster("push", site.toString(), dest, "all");
        for (String f : List.of("old1.txt", "old2.txt", "old3.txt")) {
            Files.writeString(on("host01", f), "old\n");
        }
        Files.writeString(on("host02", "old1.txt"), "old\n");
        Files.writeString(on("host02", "keep.log"), "log\n");

        CliResult guarded = muster("push", site.toString(), dest, "all", "--delete", "--max-delete", "2",
                "--exclude", "*.log");
        assertThat(guarded.exit()).isEqualTo(1);
        assertThat(guarded.out()).contains("host01 (1): failed (safety limit exceeded)")
                .contains("3 paths would be deleted, more than --max-delete 2; nothing was changed")
                .contains("host02 (1): changed · 1 deleted\n    - old1.txt\n");
        assertThat(on("host01", "old3.txt")).exists();
        assertThat(on("host02", "old1.txt")).doesNotExist();
        assertThat(on("host02", "keep.log")).exists();

        CliResult all = muster("push", site.toString(), dest, "host01", "--delete");
        assertThat(all.exit()).isZero();
        assertThat(on("host01", "old1.txt")).doesNotExist();
        assertThat(on("host01", "old3.txt")).doesNotExist();
    }

    @Test
    void modeAndOwnerAreSetOnEveryHost() throws IOException {
        CliResult r = muster("push", site.toString(), dest, "host0[1-2]", "--mode", "0640", "--owner", "nobody:nogroup");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        PosixFileAttributes a = Files.readAttributes(on("host02", "css/app.css"), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-r-----");
        assertThat(a.owner().getName()).isEqualTo("nobody");
        assertThat(a.group().getName()).isEqualTo("nogroup");

        CliResult again = muster("push", site.toString(), dest, "host0[1-2]", "--mode", "0644");
        assertThat(again.out()).contains("~ index.html (mode 0640 -> 0644)");
        CliResult owner = muster("push", site.toString(), dest, "host01", "--mode", "0644", "--owner", "root");
        assertThat(owner.out()).contains("~ index.html (owner nobody:nogroup -> root)");
        assertThat(Files.getOwner(on("host01", "index.html")).getName()).isEqualTo("root");
    }

    @Test
    void aFailedValidationKeepsTheOldFile() throws IOException {
        Path conf = tmp.resolve("app.conf");
        Files.writeString(conf, "port = 80\n");
        String target = dest + "/app.conf";
        assertThat(muster("push", conf.toString(), target, "all", "--validate", "grep -q '^port = [0-9]*$' {}").exit())
                .isZero();
        Files.writeString(conf, "port = eighty\n");
        CliResult bad = muster("push", conf.toString(), target, "all", "--validate", "grep -q '^port = [0-9]*$' {}");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("host[01-06] (6): failed (validation failed)");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(fleet.hostPath(h.name(), target)).hasContent("port = 80");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anInterruptedTransferLeavesTheOldContentAndNoPartialFile() throws IOException {
        Path big = tmp.resolve("big.bin");
        Files.writeString(big, "old\n");
        String target = dest + "/big.bin";
        assertThat(muster("push", big.toString(), target, "host01").exit()).isZero();
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 160; i++) {
                out.write(chunk);
            }
        }
        // cut the transfer mid-file: the per-host timeout closes the session while it writes
        CliResult cut = muster("push", big.toString(), target, "host01", "--timeout", "1s", "--retries", "0");
        assertThat(cut.exit()).as(cut.out()).isEqualTo(1);
        assertThat(cut.out()).contains("timed out");
        assertThat(fleet.hostPath("host01", target)).hasContent("old");

        CliResult whole = muster("push", big.toString(), target, "host01");
        assertThat(whole.exit()).as(whole.out() + whole.err()).isZero();
        assertThat(fleet.hostPath("host01", target)).hasSize(160L << 20);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theHandlerRunsOnceOnlyWhereSomethingChangedAndAFailedOneIsOwedToRetry() throws IOException {
        String handler = "test ! -e /srv/block-handler && echo reloaded >> " + dest + ".handler.log";
        CliResult first = muster("push", site.toString(), dest, "all", "--on-change", handler);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        Files.writeString(on("host02", "robots.txt"), "changed behind our back\n");
        Files.writeString(on("host03", "robots.txt"), "changed behind our back\n");
        Files.writeString(fleet.hostPath("host03", "/srv/block-handler"), "");
        try {
            CliResult second = muster("push", site.toString(), dest, "all", "--on-change", handler);
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.out()).contains("host02 (1): changed").contains("host03 (1): failed")
                    .contains("on-change handler failed (exit code 1), still owed")
                    .contains("host[01,04-06] (4): ok");
        } finally {
            Files.delete(fleet.hostPath("host03", "/srv/block-handler"));
        }
        assertThat(on("host03", "robots.txt")).hasContent("User-agent: *");

        CliResult retry = muster("retry");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("host03 (1): changed").contains("owed on-change handler ran");
        for (OpenSshHost h : fleet.hosts()) {
            int expected = h.name().equals("host02") || h.name().equals("host03") ? 2 : 1;
            assertThat(Files.readAllLines(fleet.hostPath(h.name(), dest + ".handler.log"))).as(h.name())
                    .hasSize(expected);
        }
    }

    /** The fleet's inventory plus per-host variables and a secret, written next to the test's files. */
    private Path inventoryWithVars() throws IOException {
        StringBuilder y = new StringBuilder("secrets: [api_key]\nvars: {api_key: s3cr3t-k3y-0001, workers: 4}\nhosts:\n");
        for (String line : Files.readAllLines(fleet.inventory())) {
            if (line.startsWith("  host")) {
                String name = line.trim().substring(0, line.trim().indexOf(':'));
                int n = Integer.parseInt(name.substring(4));
                y.append(line, 0, line.length() - 1).append(", vars: {port: ").append(n <= 3 ? 8080 : 9090)
                        .append(n == 6 ? "" : ", tier: t" + (n <= 3 ? "1" : "2")).append("}}\n");
            }
        }
        Path inv = tmp.resolve("inventory.yaml");
        Files.writeString(inv, y.toString());
        return inv;
    }

    private CliResult musterWith(Path inventory, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(), "--identity",
                fleet.clientKey().privateKeyFile().toString(), "--store", tmp.resolve("store").toString()));
        return CliResult.run(all);
    }

    @Test
    void aTemplateIsRenderedPerHostWithFactsAndSecretsStayOutOfDiffs() throws IOException {
        Path inv = inventoryWithVars();
        Path t = tmp.resolve("app.conf.peb");
        Files.writeString(t, "# {{ facts.hostname }}\nlisten {{ port }}\nworkers {{ workers }}\nkey = {{ api_key }}\n");
        String target = dest + "/app.conf";
        CliResult first = musterWith(inv, "template", t.toString(), target, "all", "--mode", "0600");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        // the change report (name and size) is the same everywhere, so all six fold into one block
        assertThat(first.out()).contains("host[01-06] (6): changed · 1 created, 53 B sent\n    + app.conf (53 B)\n");
        for (OpenSshHost h : fleet.hosts()) {
            String text = Files.readString(fleet.hostPath(h.name(), target));
            // each host has its own hostname in its own namespace
            assertThat(text).startsWith("# " + h.name() + "\n").contains("key = s3cr3t-k3y-0001\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.hostPath(h.name(), target))))
                    .isEqualTo("rw-------");
        }
        CliResult again = musterWith(inv, "template", t.toString(), target, "all", "--mode", "0600");
        assertThat(again.out()).contains("host[01-06] (6): ok · up to date");

        Files.writeString(t, "# {{ facts.hostname }}\nlisten {{ port }}\nworkers {{ workers * 2 }}\nkey = {{ api_key }}-2\n");
        CliResult diff = musterWith(inv, "template", t.toString(), target, "host0[1-2]", "--mode", "0600", "--diff",
                "--dry-run");
        assertThat(diff.exit()).as(diff.out() + diff.err()).isZero();
        assertThat(diff.out()).contains("-workers 4\n", "+workers 8\n", "-<secret redacted>\n", "+<secret redacted>\n")
                .doesNotContain("s3cr3t");
        assertThat(Files.readString(fleet.hostPath("host01", target))).contains("workers 4");
    }

    @Test
    void anUndefinedVariableFailsOnlyThatHostAndWritesNothingThere() throws IOException {
        Path inv = inventoryWithVars();
        Path t = tmp.resolve("tier.conf.peb");
        Files.writeString(t, "port={{ port }}\ntier={{ tier }}\n");
        String target = dest + "/tier.conf";
        CliResult r = musterWith(inv, "template", t.toString(), target, "all");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("host06 (1): failed (template failed)")
                .contains("tier.conf.peb:2: undefined variable 'tier' (host host06)");
        assertThat(fleet.hostPath("host06", target)).doesNotExist();
        assertThat(fleet.hostPath("host05", target)).hasContent("port=9090\ntier=t2");
    }

    @Test
    void aTemplateThatFailsValidationLeavesTheOldFile() throws IOException {
        Path inv = inventoryWithVars();
        Path t = tmp.resolve("v.conf.peb");
        String target = dest + "/v.conf";
        Files.writeString(t, "port = {{ port }}\n");
        assertThat(musterWith(inv, "template", t.toString(), target, "all", "--validate", "grep -q '^port = [0-9]*$' {}")
                .exit()).isZero();
        Files.writeString(t, "port = {{ port }}x\n");
        CliResult bad = musterWith(inv, "template", t.toString(), target, "all", "--validate", "grep -q '^port = [0-9]*$' {}",
                "--on-change", "touch " + dest + "/reloaded");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("failed (validation failed)");
        assertThat(fleet.hostPath("host01", target)).hasContent("port = 8080");
        assertThat(fleet.hostPath("host01", dest + "/reloaded")).doesNotExist();

        // fixed template: `muster retry` renders it again for exactly the hosts that failed
        Files.writeString(t, "port = {{ port }}0\n");
        CliResult retry = musterWith(inv, "retry");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("host[01-06] (6): changed");
        assertThat(fleet.hostPath("host04", target)).hasContent("port = 90900");
        assertThat(fleet.hostPath("host01", dest + "/reloaded")).exists();
    }

    private List<Path> leftovers() throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        for (OpenSshHost h : fleet.hosts()) {
            Path top = fleet.hostPath(h.name(), "/srv");
            try (Stream<Path> s = Files.walk(top)) {
                s.filter(p -> p.getFileName().toString().startsWith(".muster-tmp-")).forEach(found::add);
            }
        }
        return found;
    }

}
