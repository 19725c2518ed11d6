package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.muster.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, readers report bad input as InputException and never crash otherwise. */
class InventoryGarbagePropertiesTest {
    private static final List<String> FIXTURES = List.of("muster.yaml", "ansible.ini", "ansible.yaml", "ssh_config");

    @Property(tries = 500)
    void iniReaderThrowsOnlyInputException(@ForAll("garbage") String text) {
        assertOnlyInputException(() -> AnsibleIniReader.read("g.ini", text, new Draft()));
    }

    @Property(tries = 500)
    void yamlReadersThrowOnlyInputException(@ForAll("garbage") String text) {
        assertOnlyInputException(() -> {
            YamlNode root = YamlTree.read("g.yaml", text);
            if (root != null) {
                MusterYamlReader.read(root, new Draft());
                AnsibleYamlReader.read(root, new Draft());
            }
        });
    }

    @Property(tries = 500)
    void loaderThrowsOnlyInputExceptionOnMangledFixtures(@ForAll("mangledFixtures") String text) {
        assertOnlyInputException(() -> new InventoryLoader().loadText("m.yaml", text));
    }

    private static void assertOnlyInputException(Runnable read) {
        Throwable thrown = catchThrowable(read::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InputException.class);
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> tokens = Arbitraries.of("[", "]", "{", "}", ":", ",", "-", "=", "#", "\"", "'", " ", "  ",
                "\n", "\t", "web", "01", "[01:03]", "[1-2]", "hosts", "vars", "children", "groups", "port", "all",
                "ansible_port=", "[web:vars]", "[web:children]", "{secret: x}", "&a", "*a", "!!int", "? ", "|", ">",
                "%", "@", "\\", "\u00e9", "\u0000");
        return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> mangledFixtures() {
        Arbitrary<String> fixture = Arbitraries.of(FIXTURES).map(InventoryGarbagePropertiesTest::read);
        Arbitrary<String> junk = Arbitraries.of(":", "[", "]", "{", "}", "-", "\"", "'", "\n", " ", "=", "5", "x", "#");
        return Combinators.combine(fixture, Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers().between(0, 20), junk)
                .as((text, at, cut, insert) -> {
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
