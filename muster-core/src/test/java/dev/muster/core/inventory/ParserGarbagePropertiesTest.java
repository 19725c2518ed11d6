package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.muster.core.InputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Selectors, host lists and ssh configs typed by users fail only with located InputExceptions. */
class ParserGarbagePropertiesTest {
    private static final Inventory INVENTORY = Inventory.of(
            List.of(Host.of("web01", "a", 0), Host.of("web02", "b", 0), Host.of("db1", "c", 0)),
            Map.of("web", HostSet.of("web01", "web02")));

    @Test
    void selectorsThrowOnlyInputExceptionWithAColumn() {
        qt().withExamples(1000).forAll(selectorText()).checkAssert(text -> {
            Throwable thrown = catchThrowable(() -> Selector.parse(text).evaluate(INVENTORY));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(InputException.class);
                assertThat(((InputException) thrown).column()).isBetween(1, text.length() + 1);
            }
        });
    }

    @Test
    void hostListsThrowOnlyInputException() {
        qt().withExamples(1000).forAll(hostListText()).checkAssert(text -> {
            Throwable thrown = catchThrowable(() -> HostSet.parse(text));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(InputException.class);
            }
        });
    }

    @Test
    void sshConfigsThrowOnlyInputException() {
        qt().withExamples(500).forAll(sshConfigText()).checkAssert(text -> {
            Throwable thrown = catchThrowable(() -> {
                SshConfig config = SshConfig.parse(text, "cfg", null);
                config.concreteAliases().forEach(config::resolve);
                config.resolve("web01");
            });
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(InputException.class);
            }
        });
    }

    /** Up to {@code max} tokens joined: shrinking drops tokens and moves to earlier ones. */
    static Gen<String> joined(int max, String... tokens) {
        return lists().of(Generate.pick(List.of(tokens))).ofSizeBetween(0, max).map(l -> String.join("", l));
    }

    private static Gen<String> selectorText() {
        return joined(12, "web01", "web", "db1", "@web", "@nope", "all", "!", "&", ",", "(", ")", "=", "!=",
                "role", "web*", "?", "[01-02]", "[", "]", "-", " ", "env");
    }

    private static Gen<String> hostListText() {
        return joined(16, "web", "0", "1", "9", "[", "]", "-", ",", " ", ":", "x", "99999999999999999999");
    }

    private static Gen<String> sshConfigText() {
        return joined(20, "Host ", "Match ", "HostName ", "Port ", "User ", "IdentityFile ", "ProxyJump ",
                "ConnectTimeout ", "web*", "!web01", "%h", "22", "abc", "\"", "=", "\n", " ", "#");
    }
}
