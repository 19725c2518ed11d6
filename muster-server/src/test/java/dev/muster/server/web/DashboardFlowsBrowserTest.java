package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.http.ServerFixture;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.StoredRun;
import dev.muster.testkit.Fault;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator flows of the dashboard in a real headless Chromium over the in-process fleet (web01
 * in staging, db01 in protected prod), executed for real by the server's engine: runs failure
 * first with filters, re-run on failed hosts, a run watched from mid-run and cancelled, the staging
 * viewer's view, and the phone layout. Each flow leaves screenshots under target/screenshots/ and
 * checks the pages logged no console error.
 */
@Timeout(180)
class DashboardFlowsBrowserTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    Browser browser;
    WebDriver d;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        browser = Browser.start();
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c.extension(new Dashboard()),
                HttpClient.newHttpClient(), Duration.ofMillis(100));
        fx.store.users().setPassword("ana", "correct horse".toCharArray());
        fx.store.grants().grant("ana", "*", "admin");
        fx.store.users().setPassword("sam", "battery staple".toCharArray());
        fx.store.grants().grant("sam", "staging", "viewer");
        d = browser.driver;
        wait = new WebDriverWait(d, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (fx != null) {
                fx.close();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    private void logIn(String user, String password) {
        d.get(fx.server.url() + "/login");
        d.findElement(By.name("user")).sendKeys(user);
        d.findElement(By.name("password")).sendKeys(password);
        d.findElement(By.cssSelector("form[action='/login'] button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("heat")));
    }

    /** Queues a command run as ana would through the API, and wakes the engine. */
    private String queue(String selector, String command, String envs) {
        String id = fx.store.runs().enqueue(new RunRequest("run", selector, command,
                Map.of("selector", selector, "command", command), envs, "ana", null));
        fx.server.context().engine().orElseThrow().wake();
        return id;
    }

    private StoredRun awaitEnd(String id) throws InterruptedException {
        for (int i = 0; i < 800; i++) {
            StoredRun run = fx.store.runs().get(id).orElseThrow();
            if (!run.status().active()) {
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }

    @Test
    void anAdminFindsFailuresFirstFiltersThemAndReRunsOnlyTheFailedHost() throws Exception {
        fx.fleet.hosts().get(1).setFaults(Fault.exit(3)); // db01 fails every command
        String partial = queue("@web,@db", "echo hello", "staging,prod");
        awaitEnd(partial);
        String failed = queue("@db", "echo db", "prod");
        awaitEnd(failed);
        fx.fleet.hosts().get(1).clearFaults();
        logIn("ana", "correct horse");

        d.get(fx.server.url() + "/runs");
        WebElement failedRow = d.findElement(By.cssSelector("tr[data-run='" + failed + "']"));
        assertThat(failedRow.findElement(By.cssSelector(".st")).getText()).isEqualTo("failed");
        assertThat(failedRow.findElement(By.cssSelector(".ex")).getText()).isEqualTo("1");
        assertThat(failedRow.getText()).contains("echo db");
        assertThat(d.findElement(By.cssSelector("tr[data-run='" + partial + "'] .st")).getText()).isEqualTo("partial");
        assertThat(d.findElement(By.cssSelector("tr[data-run='" + failed + "'] .st")).getCssValue("background-color"))
                .as("failed is not green").isNotEqualTo(d.findElement(By.cssSelector("tr[data-run='" + partial
                        + "'] .st")).getCssValue("background-color"));
        browser.screenshot("flows-1-runs-failure-first");
        // a run started elsewhere comes in as a row on the newest page over the stream, no reload, and
        // follows its run to its end
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-runs-live", "stream"));
        String elsewhere = queue("@web", "echo elsewhere", "staging");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-run='" + elsewhere + "'] .st"), "ok"));
        assertThat(d.findElements(By.cssSelector("#runs tr[data-run]")).getFirst().getDomAttribute("data-run"))
                .isEqualTo(elsewhere);
        assertThat(d.findElement(By.cssSelector("tr[data-run='" + elsewhere + "']")).getText()).contains("echo elsewhere")
                .contains("ok=1");
        awaitEnd(elsewhere);

        new Select(d.findElement(By.name("status"))).selectByVisibleText("partial");
        d.findElement(By.cssSelector("#filters button")).click();
        wait.until(ExpectedConditions.urlContains("status=partial"));
        assertThat(d.findElements(By.cssSelector("#runs tr[data-run]"))).extracting(e -> e.getDomAttribute("data-run"))
                .containsExactly(partial);
        browser.screenshot("flows-2-runs-filtered");

        d.get(fx.server.url() + "/runs/" + partial);
        assertThat(d.findElement(By.id("status")).getText()).isEqualTo("partial");
        d.findElement(By.cssSelector("form[action$='/rerun-failed'] input[name=confirm]")).click();
        d.findElement(By.id("rerun-failed")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains(partial)));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ok"));
        assertThat(d.findElements(By.cssSelector("#hosts tr[data-host]"))).extracting(e -> e.getDomAttribute("data-host"))
                .containsExactly("db01");
        assertThat(d.findElement(By.tagName("main")).getText()).contains("Re-run of " + partial);
        browser.screenshot("flows-3-rerun-failed-done");
        assertThat(fx.store.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("run.rerun-failed");
            assertThat(e.result()).isEqualTo("ok");
        });
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRunOpenedMidRunCountsRightFollowsLiveAndCancelsAfterConfirmation() throws Exception {
        fx.fleet.hosts().get(1).setFaults(Fault.slow(Duration.ofSeconds(6))); // db01 is slow
        logIn("ana", "correct horse");
        String id = queue("@web,@db", "echo live", "staging,prod");
        for (int i = 0; i < 400 && fx.store.runs().outcomes(id).isEmpty(); i++) {
            Thread.sleep(20);
        }
        d.get(fx.server.url() + "/runs/" + id);
        js("window.notReloaded = true");
        // web01 ended before the page opened; db01 is still going
        assertThat(d.findElement(By.id("progress")).getText()).isEqualTo("1 of 2 hosts done");
        assertThat(d.findElement(By.id("progress")).getDomAttribute("aria-live")).isEqualTo("polite");
        assertThat(d.findElement(By.cssSelector("tr[data-host=web01] .hs")).getText()).isEqualTo("ok");
        assertThat(d.findElement(By.cssSelector("tr[data-host=db01] .hs")).getText()).isIn("running", "pending");
        browser.screenshot("flows-4-run-mid-run");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ok"));
        assertThat(d.findElement(By.id("progress")).getText()).isEqualTo("2 of 2 hosts done");
        assertThat(js("return window.notReloaded")).as("followed without a reload").isEqualTo(true);
        browser.screenshot("flows-5-run-finished-live");

        // a second run, cancelled from its page: the browser asks first
        String slow = queue("@web,@db", "echo slow", "staging,prod");
        for (int i = 0; i < 400 && fx.store.runs().outcomes(slow).isEmpty(); i++) {
            Thread.sleep(20);
        }
        d.get(fx.server.url() + "/runs/" + slow);
        d.findElement(By.id("cancel")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        assertThat(d.switchTo().alert().getText()).contains("Cancel run " + slow);
        d.switchTo().alert().dismiss();
        assertThat(fx.store.runs().get(slow).orElseThrow().status().active()).as("dismissed: nothing sent").isTrue();
        d.findElement(By.id("cancel")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        d.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "cancelled"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-host=db01] .hs"), "cancelled"));
        assertThat(d.findElement(By.id("tally")).getText()).contains("cancelled 1").doesNotContain("failed");
        browser.screenshot("flows-6-run-cancelled");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aStagingViewerSeesStagingRunsOnlyAndNoActions() throws Exception {
        String prod = queue("@db", "echo prod", "prod");
        String staging = queue("@web", "echo staging", "staging");
        awaitEnd(prod);
        awaitEnd(staging);
        logIn("sam", "battery staple");
        d.get(fx.server.url() + "/runs");
        assertThat(d.findElements(By.cssSelector("#runs tr[data-run]"))).extracting(e -> e.getDomAttribute("data-run"))
                .containsExactly(staging);
        assertThat(d.findElements(By.id("start"))).as("a viewer gets no run form").isEmpty();
        // live: a prod run, then a staging one; the staging row comes in, the prod one never does
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-runs-live", "stream"));
        String prodLater = queue("@db", "echo prod later", "prod");
        awaitEnd(prodLater);
        String stagingLater = queue("@web", "echo staging later", "staging");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-run='" + stagingLater + "'] .st"), "ok"));
        assertThat(d.findElements(By.cssSelector("#runs tr[data-run]"))).extracting(e -> e.getDomAttribute("data-run"))
                .containsExactly(stagingLater, staging);
        assertThat(d.getPageSource()).doesNotContain(prodLater).doesNotContain(prod);
        d.get(fx.server.url() + "/runs?host=db01");
        assertThat(d.findElement(By.id("runs")).getText()).contains("No runs match these filters.");
        browser.screenshot("flows-7-staging-viewer-runs");
        d.get(fx.server.url() + "/runs/" + staging);
        assertThat(d.findElements(By.cssSelector("#rerun, #cancel"))).isEmpty();
        d.get(fx.server.url() + "/runs/" + prod);
        assertThat(d.findElement(By.tagName("h1")).getText()).contains("403");
    }

    @Test
    void anAdminCreatesEditsPausesAndDeletesAScheduleInTheBrowser() throws Exception {
        logIn("ana", "correct horse");
        d.get(fx.server.url() + "/schedules");
        assertThat(d.findElement(By.id("schedules")).getText()).contains("No schedules you may see.");
        d.findElement(By.name("name")).sendKeys("web-uptime");
        d.findElement(By.name("cron")).sendKeys("0 2 * * *");
        d.findElement(By.name("selector")).sendKeys("@web");
        d.findElement(By.name("command")).sendKeys("uptime");
        d.findElement(By.cssSelector("#schedule-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-schedule=web-uptime]")));
        assertThat(d.findElement(By.cssSelector("tr[data-schedule=web-uptime]")).getText()).contains("uptime on @web")
                .contains("active");
        d.findElement(By.linkText("Edit")).click();
        WebElement cron = d.findElement(By.name("cron"));
        assertThat(cron.getDomProperty("value")).isEqualTo("0 2 * * *");
        cron.clear();
        cron.sendKeys("15 3 * * *");
        d.findElement(By.cssSelector("#schedule-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-schedule=web-uptime]"),
                "15 3 * * *"));
        d.findElement(By.xpath("//tr[@data-schedule='web-uptime']//button[text()='Pause']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-schedule=web-uptime]"),
                "paused"));
        browser.screenshot("flows-9-schedule-paused");
        assertThat(fx.store.schedules().get("web-uptime").orElseThrow().enabled()).isFalse();
        d.findElement(By.xpath("//tr[@data-schedule='web-uptime']//button[text()='Delete']")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        d.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules"), "No schedules you may see."));
        assertThat(fx.store.schedules().get("web-uptime")).isEmpty();
        assertThat(fx.store.audit().recent(10)).extracting(e -> e.action() + " " + e.result())
                .contains("schedule.save ok", "schedule.pause ok", "schedule.delete ok");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void onA390PixelPhoneThePagesFitTheScreenWithLandmarksAndNoConsoleErrors() throws Exception {
        String id = queue("@web,@db", "echo phone", "staging,prod");
        awaitEnd(id);
        d.manage().window().setSize(new Dimension(390, 844));
        logIn("ana", "correct horse");
        for (String page : List.of("/", "/runs", "/runs/" + id, "/hosts/web01", "/approvals", "/schedules",
                "/audit")) {
            d.get(fx.server.url() + page);
            Number viewport = (Number) js("return document.documentElement.clientWidth");
            Number content = (Number) js("return document.documentElement.scrollWidth");
            assertThat(viewport.intValue()).as(page + ": the viewport meta makes the layout phone-wide").isLessThan(500);
            assertThat(content.intValue()).as(page + ": nothing wider than the screen; too wide: " + js(
                    "var w=document.documentElement.clientWidth,o=[];document.querySelectorAll('body *').forEach("
                            + "function(e){var r=e.getBoundingClientRect();if(r.right>w+1)o.push(e.tagName+'#'+e.id+'.'"
                            + "+e.className+' '+Math.round(r.right));});return o.slice(0,8).join(', ');"))
                    .isLessThanOrEqualTo(viewport.intValue() + 1);
            assertThat(d.findElements(By.cssSelector("header nav[aria-label] a[aria-current=page]"))).as(page).hasSize(1);
            assertThat(d.findElements(By.tagName("main"))).as(page).hasSize(1);
            assertThat(d.findElement(By.cssSelector("link[rel=icon]")).getDomAttribute("href")).startsWith("data:");
            browser.screenshot("flows-8-phone" + page.replaceAll("[^a-z0-9]+", "-"));
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anAdminFindsAHostBySearchAndByItsHealthCount() throws Exception {
        logIn("ana", "correct horse");
        assertThat(d.findElement(By.id("heat")).getText()).as("the heat map shows names, not only titles")
                .contains("web01").contains("db01");
        d.findElement(By.name("q")).sendKeys("db");
        d.findElement(By.cssSelector("#filters button")).click();
        wait.until(ExpectedConditions.urlContains("q=db"));
        assertThat(d.findElements(By.cssSelector("#hostlist a[href^='/hosts/']"))).extracting(WebElement::getText)
                .containsExactly("db01");
        assertThat(d.findElement(By.id("heat")).getText()).contains("db01").doesNotContain("web01");
        assertThat(d.findElement(By.id("matching")).getText()).startsWith("1 of 2 hosts match");
        browser.screenshot("flows-10-fleet-search");
        // a health count is a link that filters, keeping the search
        String state = d.findElement(By.xpath("//table[@id='hostlist']//tr[td/a[@href='/hosts/db01']]/td[5]"))
                .getText();
        d.findElement(By.cssSelector("#health a." + state.replace(' ', '-'))).click();
        wait.until(ExpectedConditions.urlContains("state=" + state.replace(' ', '-')));
        assertThat(d.getCurrentUrl()).contains("q=db");
        assertThat(d.findElement(By.cssSelector("#health a[aria-current]")).getText()).startsWith(state + " 1");
        d.findElement(By.cssSelector("#hostlist a[href='/hosts/db01']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("facts")));
        browser.screenshot("flows-11-fleet-found-host");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRunOpenedAfterItsFirstLineStreamsItsOutputMissingNothing() throws Exception {
        logIn("ana", "correct horse");
        String id = queue("@web", "echo first; sleep 3; echo second", "staging");
        // the page opens only after the first line went out: the stream's replay must bring it
        java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
        try (AutoCloseable sub = fx.server.context().events().subscribe(id, 0, n -> {
            if ("output".equals(n.event().type()) && String.valueOf(n.event().data().get("text")).contains("first")) {
                printed.countDown();
            }
        })) {
            assertThat(printed.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the first line was printed").isTrue();
        }
        d.get(fx.server.url() + "/runs/" + id);
        js("window.notReloaded = true");
        By web01 = By.cssSelector("#stream details[data-host=web01] pre");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(web01, "first"));
        assertThat(d.findElement(By.id("status")).getText()).as("streamed while the host still runs")
                .isIn("queued", "running");
        assertThat(d.findElement(web01).getText()).doesNotContain("second");
        browser.screenshot("flows-12-run-streaming");
        // at the end the streamed part gives way to the gathered output, which has both lines
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ok"));
        assertThat(d.findElement(By.id("live")).getText()).contains("first").contains("second");
        assertThat(js("return window.notReloaded")).as("followed without a reload").isEqualTo(true);
        browser.screenshot("flows-13-run-streamed-done");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anOperatorApprovesAWaitingPlanWithANoteInTheBrowser() throws Exception {
        logIn("ana", "correct horse");
        String id = fx.store.runs().enqueue(new RunRequest("apply", null, "apply approve.yaml",
                Map.of("plan", "approve.yaml", "vars", Map.of()), "staging", "ana", null));
        fx.server.context().engine().orElseThrow().wake();
        for (int i = 0; i < 500 && fx.store.runs().pendingApproval(id).isEmpty(); i++) {
            Thread.sleep(20);
        }
        d.get(fx.server.url() + "/approvals");
        WebElement row = d.findElement(By.xpath("//table[@id='approvals']//tr[td/a[@href='/runs/" + id + "']]"));
        assertThat(row.getText()).contains("go on?");
        row.findElement(By.name("note")).sendKeys("canary looks fine");
        browser.screenshot("flows-14-approval-waiting");
        row.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals"), "Nothing waits for approval."));
        StoredRun done = awaitEnd(id);
        assertThat(done.record().exitCode()).isZero();
        assertThat(fx.store.audit().recent(10)).anySatisfy(e -> {
            assertThat(e.action() + " " + e.result()).isEqualTo("run.approve ok");
            assertThat(e.detail()).contains("note: canary looks fine");
        });
        d.get(fx.server.url() + "/audit?action=run.approve");
        assertThat(d.findElement(By.id("audit")).getText()).contains("canary looks fine");
        browser.screenshot("flows-15-approval-audited");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anAdminIssuesATokenSeesItsSecretOnceAndRevokesIt() throws Exception {
        logIn("ana", "correct horse");
        d.findElement(By.cssSelector("header nav a[href='/tokens']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token-form")));
        d.findElement(By.cssSelector("#token-form input[name=name]")).sendKeys("ci deploys");
        new Select(d.findElement(By.cssSelector("#token-form select[name=role]"))).selectByVisibleText("operator");
        new Select(d.findElement(By.cssSelector("#token-form select[name=environment]"))).selectByValue("staging");
        d.findElement(By.cssSelector("#token-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
        String secret = d.findElement(By.id("secret")).getText();
        assertThat(secret).isNotBlank();
        browser.screenshot("flows-16-token-issued");
        assertThat(fx.call("GET", "/api/v1/runs", secret, null).statusCode()).isEqualTo(200);
        d.get(fx.server.url() + "/tokens");
        assertThat(d.findElements(By.id("secret"))).as("shown once only").isEmpty();
        assertThat(d.getPageSource()).doesNotContain(secret);
        WebElement row = d.findElement(By.xpath("//table[@id='tokens']//tr[td[text()='ci deploys']]"));
        assertThat(row.getText()).contains("staging=operator").contains("live");
        row.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.alertIsPresent());
        assertThat(d.switchTo().alert().getText()).contains("Revoke token ci deploys");
        d.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tokens"), "revoked"));
        assertThat(fx.call("GET", "/api/v1/runs", secret, null).statusCode()).isEqualTo(401);
        browser.screenshot("flows-17-token-revoked");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aStagingViewerFindsOnlyStagingHostsAndNoAdminPages() throws Exception {
        logIn("sam", "battery staple");
        assertThat(d.findElements(By.cssSelector("#hostlist a[href^='/hosts/']"))).extracting(WebElement::getText)
                .containsExactly("web01");
        assertThat(d.findElement(By.id("heat")).getText()).doesNotContain("db01");
        assertThat(new Select(d.findElement(By.name("env"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("any", "staging");
        assertThat(d.findElements(By.cssSelector("header nav a[href='/tokens'], header nav a[href='/users']"))).isEmpty();
        browser.screenshot("flows-18-staging-viewer-fleet");
        d.get(fx.server.url() + "/?q=db01");
        assertThat(d.findElement(By.id("hostlist")).getText()).contains("No host matches.");
        d.get(fx.server.url() + "/tokens");
        assertThat(d.findElement(By.tagName("h1")).getText()).contains("403");
        assertThat(browser.consoleErrors()).as("a 403 page is not a script error").allSatisfy(e ->
                assertThat(e).contains("403"));
    }
}
