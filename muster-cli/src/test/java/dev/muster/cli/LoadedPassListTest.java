package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CI's loaded pass (issue 22) runs again, with every core busy, the test classes that start a
 * fleet, a server fixture or a process: each of them is named in .ci/loaded-tests.txt, included
 * or left out with a reason, so a new one cannot be forgotten.
 */
class LoadedPassListTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern STARTS_SOMETHING = Pattern.compile(
            "\\b(FakeFleet|OpenSshFleet|DemoFleet|ProcessBuilder|LocalTransport|ServerFixture|FleetCli|PostgresServer"
                    + "|TestServer|SshTestSupport|ReferenceTool|Nodeset|AnsibleInventory)\\b");
    private static final Pattern INCLUDED = Pattern.compile("^\\*\\*/(\\w+)\\.java$");
    private static final Pattern LEFT_OUT = Pattern.compile("^# left out: (\\w+) \\(.+\\)$");

    @Test
    void everyTestClassThatStartsAFleetOrAProcessIsIncludedOrLeftOutWithAReason() throws IOException {
        Set<String> included = new TreeSet<>();
        Set<String> leftOut = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".ci/loaded-tests.txt"))) {
            Matcher in = INCLUDED.matcher(line);
            Matcher out = LEFT_OUT.matcher(line);
            if (in.matches()) {
                included.add(in.group(1));
            } else if (out.matches()) {
                leftOut.add(out.group(1));
            } else {
                assertThat(line).as("a line of .ci/loaded-tests.txt").matches("|#.*");
            }
        }
        Set<String> starting = new TreeSet<>();
        Set<String> all = new HashSet<>();
        for (Path test : testClasses()) {
            String name = test.getFileName().toString().replace(".java", "");
            all.add(name);
            if (STARTS_SOMETHING.matcher(Files.readString(test)).find()) {
                starting.add(name);
            }
        }

        Set<String> unlisted = new TreeSet<>(starting);
        unlisted.removeAll(included);
        unlisted.removeAll(leftOut);
        assertThat(unlisted).as("test classes that start a fleet or a process: add each to .ci/loaded-tests.txt, "
                + "as **/NAME.java or as '# left out: NAME (why)'").isEmpty();
        assertThat(included).as("listed twice").doesNotContainAnyElementsOf(leftOut);
        Set<String> stale = new TreeSet<>(included);
        stale.addAll(leftOut);
        stale.removeAll(all);
        assertThat(stale).as("names in .ci/loaded-tests.txt with no test class").isEmpty();
    }

    private static List<Path> testClasses() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<Path> dirs = modules.filter(m -> Files.isDirectory(m.resolve("src/test/java"))).toList();
            List<Path> out = new java.util.ArrayList<>();
            for (Path dir : dirs) {
                try (Stream<Path> files = Files.walk(dir.resolve("src/test/java"))) {
                    files.filter(f -> f.getFileName().toString().endsWith("Test.java")).forEach(out::add);
                }
            }
            return out;
        }
    }
}
