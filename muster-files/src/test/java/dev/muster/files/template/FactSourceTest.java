package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepContext;
import dev.muster.core.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a template step gets facts: through its context's connection, opened only when facts are read, once. */
class FactSourceTest {
    @TempDir
    Path dir;

    private final Host web01 = Host.of("web01", "127.0.0.1", 22);
    private final List<String> commands = new ArrayList<>();
    private int connectionsOpened;

    private final StepContext context = new StepContext() {
        @Override
        public Host host() {
            return web01;
        }

        @Override
        public Connection connection() {
            connectionsOpened++;
            return new Connection() {
                @Override
                public Host host() {
                    return web01;
                }

                @Override
                public ExecResult exec(ExecRequest request) {
                    commands.add(request.command());
                    byte[] out = "::hostname::\nweb01.example\n::cpus::\n8\n".getBytes(StandardCharsets.UTF_8);
                    return new ExecResult(0, null, out, null, false);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public OutputSink sink() {
            return null;
        }

        @Override
        public Duration remaining() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int attempt() {
            return 1;
        }
    };

    private String render(String text, FactSource facts) throws Exception {
        Path file = dir.resolve("t.peb");
        Files.writeString(file, text);
        return new String(Templates.load(file).render(web01, facts, Redactor.none()).content(), StandardCharsets.UTF_8);
    }

    @Test
    void theStepConnectionIsOpenedOnlyWhenFactsAreRead() throws Exception {
        assertThat(render("{{ host.name }}", FactSource.from(context))).isEqualTo("web01");
        assertThat(connectionsOpened).isZero();

        assertThat(render("{{ facts.hostname }} {{ facts.cpus }} {{ facts.hostname }}", FactSource.from(context)))
                .isEqualTo("web01.example 8 web01.example");
        assertThat(connectionsOpened).isEqualTo(1);
        assertThat(commands).containsExactly(Facts.COMMAND);
    }

    @Test
    void aMemoizedSourceGathersOnceForSeveralTemplates() throws Exception {
        FactSource once = FactSource.from(context).memoized();
        render("{{ facts.hostname }}", once);
        render("{{ facts.cpus }}", once);
        assertThat(commands).hasSize(1);
    }
}
