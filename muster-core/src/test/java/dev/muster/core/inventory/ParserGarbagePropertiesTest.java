package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.muster.core.InputException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Selectors, host lists and ssh configs typed by users fail only with located InputExceptions. */
class ParserGarbagePropertiesTest {
    private static final Inventory INVENTORY = Inventory.of(
            List.of(Host.of("web01", "a", 0), Host.of("web02", "b", 0), Host.of("db1", "c", 0)),
            Map.of("web", HostSet.of("web01", "web02")));

    @Property(tries = 1000)
    void selectorsThrowOnlyInputExceptionWithAColumn(@ForAll("selectorText") String text) {
        Throwable thrown = catchThrowable(() -> Selector.parse(text).evaluate(INVENTORY));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InputException.class);
            assertThat(((InputException) thrown).column()).isBetween(1, text.length() + 1);
        }
    }

    @Property(tries = 1000)
    void hostListsThrowOnlyInputException(@ForAll("hostListText") String text) {
        Throwable thrown = catchThrowable(() -> HostSet.parse(text));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InputException.class);
        }
    }

    @Property(tries = 500)
    void sshConfigsThrowOnlyInputException(@ForAll("sshConfigText") String text) {
        Throwable thrown = catchThrowable(() -> {
            SshConfig config = SshConfig.parse(text, "cfg", null);
            config.concreteAliases().forEach(config::resolve);
            config.resolve("web01");
        });
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InputException.class);
        }
    }

    @Provide
    Arbitrary<String> selectorText() {
        return Arbitraries.of("web01", "web", "db1", "@web", "@nope", "all", "!", "&", ",", "(", ")", "=", "!=",
                "role", "web*", "?", "[01-02]", "[", "]", "-", " ", "env").list().ofMaxSize(12)
                .map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> hostListText() {
        return Arbitraries.of("web", "0", "1", "9", "[", "]", "-", ",", " ", ":", "x", "99999999999999999999")
                .list().ofMaxSize(16).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> sshConfigText() {
        return Arbitraries.of("Host ", "Match ", "HostName ", "Port ", "User ", "IdentityFile ", "ProxyJump ",
                "ConnectTimeout ", "web*", "!web01", "%h", "22", "abc", "\"", "=", "\n", " ", "#")
                .list().ofMaxSize(20).map(l -> String.join("", l));
    }
}
