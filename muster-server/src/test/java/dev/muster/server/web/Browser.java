package dev.muster.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, Selenium Manager bypassed (it
 * phones out). Absent binaries skip the test, or fail it when {@value #REQUIRE_ENV}=1.
 */
final class Browser implements AutoCloseable {
    static final String REQUIRE_ENV = "MUSTER_REQUIRE_BROWSER";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        gate(System.getenv(), CHROMIUM, CHROMEDRIVER);
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile = Files.createTempDirectory("muster-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        // the page's console messages, for tests that check a page logs no error
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /** Skips without chromium and chromedriver, unless the environment requires the browser tests. */
    static void gate(Map<String, String> env, Path chromium, Path chromedriver) {
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return;
        }
        String reason = "no " + chromium + " or " + chromedriver;
        if ("1".equals(env.get(REQUIRE_ENV))) {
            Assertions.fail(REQUIRE_ENV + "=1 but " + reason);
        }
        Assumptions.abort(reason + " (apt-get install chromium chromium-driver to run the browser test)");
    }

    /** Console messages at SEVERE level since the last call (errors, failed loads, CSP refusals). */
    java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    /** Saves a screenshot as a test artefact under target/screenshots/. */
    void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
