package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.http.ServerFixture;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.store.Database;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium on the in-process MINA fleet: log in through the
 * form, start a run from /runs, watch it finish on its page without a reload, open a host.
 */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    @Test
    void anOperatorLogsInStartsARunAndWatchesItFinishLive() throws Exception {
        try (Browser browser = Browser.start();
             ServerFixture fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                     c -> c.extension(new Dashboard()), HttpClient.newHttpClient(), Duration.ofMillis(100))) {
            fx.store.users().setPassword("ana", "correct horse".toCharArray());
            fx.store.grants().grant("ana", "staging", "operator");
            Instant now = Instant.now();
            new MetricStore(fx.store, Clock.systemUTC()).save(List.of(
                    new MetricSample("web01", now.minusSeconds(120), true, 12.0, 40.0, 0.3, 2, 55.0, Map.of(), 0.0, 0.0, null),
                    new MetricSample("web01", now, true, 64.0, 45.0, 0.9, 2, 56.0, Map.of(), 0.0, 0.0, null)));
            WebDriver d = browser.driver;
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));

            d.get(fx.server.url() + "/runs");
            wait.until(ExpectedConditions.urlContains("/login"));
            d.findElement(By.name("user")).sendKeys("ana");
            d.findElement(By.name("password")).sendKeys("correct horse");
            d.findElement(By.cssSelector("form[action='/login'] button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("heat")));
            browser.screenshot("1-fleet");

            d.get(fx.server.url() + "/runs");
            // the fake fleet's builtin sleep: the run is still going when its page opens, so the page must
            // follow it live (a compound "sleep; echo" would go to the fake's bare shell, which has no sleep)
            d.findElement(By.name("selector")).sendKeys("@web");
            d.findElement(By.name("command")).sendKeys("sleep 1");
            d.findElement(By.cssSelector("#start button")).click();
            wait.until(ExpectedConditions.urlMatches("/runs/[^/]+$"));
            Object marker = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "window.notReloaded = true; return document.getElementById('status').textContent;");
            assertThat(marker).isIn("queued", "running");
            browser.screenshot("2-run-live");
            wait.until(ExpectedConditions.textToBe(By.id("status"), "ok"));
            assertThat(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return window.notReloaded"))
                    .as("the page followed the run without reloading").isEqualTo(true);
            assertThat(d.findElement(By.id("live")).getText()).contains("web01 (1): ok").contains("exit code 0");
            browser.screenshot("3-run-finished");

            d.findElement(By.cssSelector("#hosts a")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "ok"));
            browser.screenshot("4-run-host");

            d.findElement(By.cssSelector("h1 a[href='/hosts/web01']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("facts")));
            assertThat(d.findElement(By.id("latest")).getText()).contains("cpu 64%");
            assertThat(d.findElements(By.cssSelector("svg.chart"))).isNotEmpty();
            assertThat(d.findElement(By.id("recent")).getText()).contains("ok");
            browser.screenshot("5-host");
        }
    }
}
