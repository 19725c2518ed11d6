package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.http.ServerFixture;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.testing.PostgresServer;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two servers on one real PostgreSQL, in a real Chromium: server A executes a run (real shells: the
 * command waits for a file the test creates), and its page opened on server B shows each host's
 * output as it comes, the hosts running and "0 of 2 hosts done" while A is still at it, then the
 * end, without a reload.
 */
@Timeout(180)
class SharedRunBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aRunExecutedByServerAStreamsItsOutputAndCountOnServerBsPage() throws Exception {
        try (Browser browser = Browser.start()) {
            String url = PostgresServer.shared().url(PostgresServer.shared().freshDatabaseName());
            Path release = dir.resolve("release");
            try (ServerFixture a = new ServerFixture(dir.resolve("a"), Database.postgresql(url), null, c -> c,
                    HttpClient.newHttpClient(), Duration.ofMillis(100), f -> f.commandMode(CommandMode.SHELL));
                 ServerFixture b = new ServerFixture(dir.resolve("b"), Database.postgresql(url), null,
                         c -> c.claimRuns(false).extension(new Dashboard()), HttpClient.newHttpClient(),
                         Duration.ofMillis(100))) {
                b.store.users().setPassword("ana", "correct horse".toCharArray());
                b.store.grants().grant("ana", "*", "admin");
                WebDriver d = browser.driver;
                WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
                d.get(b.server.url() + "/login");
                d.findElement(By.name("user")).sendKeys("ana");
                d.findElement(By.name("password")).sendKeys("correct horse");
                d.findElement(By.cssSelector("form[action='/login'] button")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("heat")));

                String command = "echo first; while [ ! -e " + release + " ]; do sleep 0.1; done; echo second";
                String id = b.store.runs().enqueue(new RunRequest("run", "@web,@db", command,
                        Map.of("selector", "@web,@db", "command", command), "staging,prod", "ana", null));
                a.server.context().engine().orElseThrow().wake();
                for (int i = 0; i < 500 && a.store.runs().inFlight(id).size() < 2; i++) {
                    Thread.sleep(20);
                }
                d.get(b.server.url() + "/runs/" + id);
                ((JavascriptExecutor) d).executeScript("window.notReloaded = true");
                for (String host : new String[] {"web01", "db01"}) {
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                            "#stream details[data-host=" + host + "] pre"), "first"));
                    wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-host=" + host + "] .hs"), "running"));
                }
                assertThat(d.findElement(By.id("progress")).getText()).isEqualTo("0 of 2 hosts done");
                assertThat(d.findElement(By.id("stream")).getText()).doesNotContain("second");
                assertThat(a.store.runs().get(id).orElseThrow().status().key()).as("A still executes it")
                        .isEqualTo("running");
                browser.screenshot("shared-1-run-on-b-streaming");

                Files.createFile(release);
                wait.until(ExpectedConditions.textToBe(By.id("status"), "ok"));
                assertThat(d.findElement(By.id("progress")).getText()).isEqualTo("2 of 2 hosts done");
                assertThat(d.findElement(By.id("live")).getText()).contains("first").contains("second");
                assertThat(((JavascriptExecutor) d).executeScript("return window.notReloaded")).isEqualTo(true);
                browser.screenshot("shared-2-run-on-b-done");
                assertThat(browser.consoleErrors()).isEmpty();
            }
        }
    }
}
