package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo runs where JUnit is absent: loading the testkit must not drag JUnit classes in. */
class WithoutJUnitTest {

    @TempDir
    Path dir;

    @Test
    void demoFleetAndOpenSshChecksRunWithoutJUnit() throws Exception {
        URL[] runtime = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("junit") && !p.contains("opentest4j") && !p.contains("test-classes"))
                .map(WithoutJUnitTest::url).toArray(URL[]::new);
        assertThat(runtime).anyMatch(u -> u.getPath().endsWith("/muster-testkit/target/classes/"));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(runtime, ClassLoader.getPlatformClassLoader())) {
            // MINA finds its security providers through the context class loader
            Thread.currentThread().setContextClassLoader(loader);
            assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Assumptions"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> demo = loader.loadClass(DemoFleet.class.getName());
            try (AutoCloseable fleet = (AutoCloseable) demo.getMethod("start", Path.class).invoke(null, dir)) {
                assertThat(demo.getMethod("inventory").invoke(fleet)).isEqualTo(dir.resolve("inventory.yaml"));
            }
            Class<?> openSsh = loader.loadClass(OpenSshFleet.class.getName());
            assertThat(openSsh.getMethod("unavailableReason").invoke(null)).isInstanceOf(Optional.class);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static URL url(String path) {
        try {
            return new File(path).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
