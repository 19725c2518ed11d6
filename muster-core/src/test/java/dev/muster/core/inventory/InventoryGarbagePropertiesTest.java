package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.muster.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whatever the bytes, readers report bad input as InputException and never crash otherwise. */
class InventoryGarbagePropertiesTest {
    private static final List<String> FIXTURES = List.of("muster.yaml", "ansible.ini", "ansible.yaml", "ssh_config");

    @Test
    void iniReaderThrowsOnlyInputException() {
        qt().withExamples(500).forAll(garbage())
                .checkAssert(text -> assertOnlyInputException(() -> AnsibleIniReader.read("g.ini", text, new Draft())));
    }

    @Test
    void yamlReadersThrowOnlyInputException() {
        qt().withExamples(500).forAll(garbage()).checkAssert(text -> assertOnlyInputException(() -> {
            YamlNode root = YamlTree.read("g.yaml", text);
            if (root != null) {
                MusterYamlReader.read(root, new Draft());
                AnsibleYamlReader.read(root, new Draft());
            }
        }));
    }

    @Test
    void loaderThrowsOnlyInputExceptionOnMangledFixtures() {
        qt().withExamples(500).forAll(mangledFixtures())
                .checkAssert(text -> assertOnlyInputException(() -> new InventoryLoader().loadText("m.yaml", text)));
    }

    private static void assertOnlyInputException(Runnable read) {
        Throwable thrown = catchThrowable(read::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InputException.class);
        }
    }

    private static Gen<String> garbage() {
        return ParserGarbagePropertiesTest.joined(40, "[", "]", "{", "}", ":", ",", "-", "=", "#", "\"", "'", " ",
                "  ", "\n", "\t", "web", "01", "[01:03]", "[1-2]", "hosts", "vars", "children", "groups", "port",
                "all", "ansible_port=", "[web:vars]", "[web:children]", "{secret: x}", "&a", "*a", "!!int", "? ", "|",
                ">", "%", "@", "\\", "\u00e9", "\u0000");
    }

    /** A real fixture with a stretch cut out and one junk token put in its place. */
    private static Gen<String> mangledFixtures() {
        Gen<String> fixture = Generate.pick(FIXTURES).map(InventoryGarbagePropertiesTest::read);
        Gen<String> junk = Generate.pick(List.of(":", "[", "]", "{", "}", "-", "\"", "'", "\n", " ", "=", "5", "x",
                "#"));
        return fixture.zip(integers().between(0, 100_000), integers().between(0, 20), junk, (text, at, cut, insert) -> {
            int from = at % (text.length() + 1);
            int to = Math.min(text.length(), from + cut);
            return text.substring(0, from) + insert + text.substring(to);
        });
    }

    private static String read(String fixture) {
        try {
            return Files.readString(Fixtures.path(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
