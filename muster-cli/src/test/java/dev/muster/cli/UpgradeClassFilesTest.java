package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build step that gives picocli's Java 5 class files stack maps (src/build/UpgradeClassFiles.java),
 * run as the build runs it: the JDK's source launcher on a jar.
 */
class UpgradeClassFilesTest {
    private static final String RANGE = "picocli/CommandLine$Range.class";
    private static final String MODERN = "dev/muster/cli/Main.class";

    @TempDir
    Path dir;

    @Test
    void picocliGetsStackMapsStillVerifiesAndWorksAndEverythingElseIsCopiedAsItWas() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the ClassFile API needs JDK 24+; the build skips the step too");
        Map<String, byte[]> before = new LinkedHashMap<>();
        before.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        before.putAll(read(Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI())));
        before.put(MODERN, resource(MODERN));
        before.put("notes/readme.txt", "left alone".getBytes(StandardCharsets.UTF_8));
        assertThat(major(before.get(RANGE))).isEqualTo(49);
        Path jar = dir.resolve("app.jar");
        write(jar, before);

        assertThat(upgrade(jar)).isEmpty();

        Map<String, byte[]> after = read(jar);
        assertThat(List.copyOf(after.keySet())).containsExactlyElementsOf(before.keySet());
        List<String> classes = after.keySet().stream().filter(n -> n.startsWith("picocli/") && n.endsWith(".class"))
                .toList();
        assertThat(classes).hasSizeGreaterThan(100);
        assertThat(classes).allSatisfy(n -> assertThat(major(after.get(n))).as(n).isEqualTo(52));
        for (String other : List.of(MODERN, "notes/readme.txt", "META-INF/MANIFEST.MF")) {
            assertThat(after.get(other)).as(other).isEqualTo(before.get(other));
        }

        // Loaded apart from the test's own picocli, the JVM verifies them with the type-checking
        // verifier (there is no fail-over above version 50), and they still work.
        try (URLClassLoader upgraded = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> cli = Class.forName("picocli.CommandLine", true, upgraded);
            assertThat(cli.getClassLoader()).isSameAs(upgraded);
            Class<?> range = Class.forName("picocli.CommandLine$Range", true, upgraded);
            Object parsed = range.getMethod("valueOf", String.class).invoke(null, "1..3");
            assertThat(range.getMethod("min").invoke(parsed)).isEqualTo(1);
            assertThat(range.getMethod("max").invoke(parsed)).isEqualTo(3);
        }
    }

    @Test
    void aClassWhoseRewriteCannotBeVerifiedKeepsItsBytesWithAWarning() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the ClassFile API needs JDK 24+");
        // Alone, Range's supertypes and the classes it uses cannot be resolved, so no stack maps.
        Map<String, byte[]> before = new LinkedHashMap<>();
        before.put(RANGE, resource(RANGE));
        before.put(MODERN, resource(MODERN));
        Path jar = dir.resolve("alone.jar");
        write(jar, before);

        assertThat(upgrade(jar)).contains("[WARNING]", RANGE);

        Map<String, byte[]> after = read(jar);
        assertThat(after.get(RANGE)).isEqualTo(before.get(RANGE));
        assertThat(after.get(MODERN)).isEqualTo(before.get(MODERN));
    }

    /** Runs the build step as the build does; returns what it printed. */
    private static String upgrade(Path jar) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "src/build/UpgradeClassFiles.java", jar.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static int major(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UpgradeClassFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    private static Map<String, byte[]> read(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
