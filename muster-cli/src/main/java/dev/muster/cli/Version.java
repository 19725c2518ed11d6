package dev.muster.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * muster's version. {@code muster --version} runs this class's main, which loads nothing else:
 * no picocli model, no configuration, no engine, no warm-up threads. The version and build date
 * come from build.properties (filtered by Maven), the commit from commit.txt (written by the
 * build from git; "unknown" when built outside a git checkout).
 */
public final class Version {
    static final String TEXT = text();

    private Version() {
    }

    public static void main(String[] args) {
        System.out.println(TEXT);
    }

    /** True for a command line that only asks for the version. */
    static boolean asked(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** "muster VERSION (commit C, built DATE)". */
    static String text() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the fields unknown; the version line still prints
        }
        String commit = "unknown";
        try (InputStream in = Version.class.getResourceAsStream("commit.txt")) {
            if (in != null) {
                String c = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!c.isEmpty()) {
                    commit = c;
                }
            }
        } catch (IOException e) {
            // as above
        }
        return "muster " + field(p, "version") + " (commit " + commit + ", built " + field(p, "date") + ")";
    }

    private static String field(Properties p, String name) {
        String v = p.getProperty(name, "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /** picocli's --version on the full command line prints the same line. */
    static final class Provider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {TEXT};
        }
    }
}
